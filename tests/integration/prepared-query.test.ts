import { afterAll, describe, expect, it } from "vitest";
import { db, preparedQuery } from "@/server/db";
import { preparedStatement } from "@/server/db/prepared-statements";
import { createAccount, uniqueSuffix } from "./fixtures";

// preparedQuery (server/db) skips Prisma on the hottest reads: its rows must be what Prisma's raw
// queries would have given, whatever the server's time zone.

const FLOW_SQL = preparedStatement(`SELECT "createdAt", "flow", "version", "published" FROM "CallFlow" WHERE "id" = $1::uuid`);
const zone = process.env.TZ;

afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe("preparedQuery", () => {
  it("reads rows as Prisma's raw queries do, timestamps as UTC in any local time zone", async () => {
    process.env.TZ = "America/New_York";
    const account = await createAccount(`prepared-${uniqueSuffix()}`, "customer", null);
    const flow = await db.callFlow.create({
      data: { accountId: account.id, name: "F", extension: 500, flow: { b: { module: "busy" } } },
    });
    const [viaPrisma] = await db.$queryRawUnsafe<unknown[]>(FLOW_SQL, flow.id);
    const [direct] = await preparedQuery<unknown>(FLOW_SQL, [flow.id]);
    expect(direct).toEqual(viaPrisma);
    expect(direct).toEqual({ createdAt: flow.createdAt, flow: flow.flow, version: 1, published: true });
  });

  it("runs registered texts only", async () => {
    await expect(preparedQuery(`SELECT 1 AS "unregistered${uniqueSuffix()}"`, [])).rejects.toThrow(/registered/);
  });
});
