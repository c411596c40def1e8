import { randomUUID } from "node:crypto";
// The history Prisma's driver adapters write every query to (server/db/release-query-values.ts).
import { getLogs } from "@prisma/debug";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";

const WHOLE_HISTORY = Number.MAX_SAFE_INTEGER;

describe("query values do not outlive their query", () => {
  it("Prisma's debug history keeps a query's SQL but not its values, in and out of transactions", async () => {
    const outside = `outside-${randomUUID()}`;
    const inside = `inside-${randomUUID()}`;
    expect(await db.$queryRaw`SELECT ${outside}::text AS "echo"`).toEqual([{ echo: outside }]);
    await db.$transaction(async (tx) => {
      expect(await tx.$queryRaw`SELECT ${inside}::text AS "echo"`).toEqual([{ echo: inside }]);
    });
    const history = getLogs(WHOLE_HISTORY);
    // The same history the adapter writes to: the queries are there...
    expect(history).toContain("[js::query_raw]");
    expect(history).toContain('SELECT $1::text AS \\"echo\\"');
    // ...without what they carried.
    expect(history).not.toContain(outside);
    expect(history).not.toContain(inside);
  });
});
