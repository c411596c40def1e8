import { afterAll, describe, expect, it } from "vitest";
import { db, preparedQuery } from "@/server/db";
import { timestampFromJson } from "@/server/db/json-timestamp";
import { preparedStatement } from "@/server/db/prepared-statements";
import { createAccount, uniqueSuffix } from "./fixtures";

// preparedQuery (server/db) skips Prisma on the hottest reads: its rows must be what Prisma's raw
// queries would have given, whatever the server's time zone.

const FLOW_SQL = preparedStatement(`SELECT "createdAt", "flow", "version", "published" FROM "CallFlow" WHERE "id" = $1::uuid`);
const FLOW_JSON_SQL = preparedStatement(
  `SELECT json_build_object('createdAt', "createdAt", 'flow', "flow", 'version', "version") AS row FROM "CallFlow" WHERE "id" = $1::uuid`,
);
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

    // A row read as one JSON column (REST authentication's): its timestamps come back as text.
    const [jsonViaPrisma] = await db.$queryRawUnsafe<unknown[]>(FLOW_JSON_SQL, flow.id);
    const [json] = await preparedQuery<{ row: { createdAt: string; flow: unknown; version: number } }>(FLOW_JSON_SQL, [flow.id]);
    expect(json).toEqual(jsonViaPrisma);
    expect(json!.row).toEqual({ createdAt: expect.any(String), flow: flow.flow, version: 1 });
    expect(timestampFromJson(json!.row.createdAt)).toEqual(flow.createdAt);
  });

  it("runs registered texts only", async () => {
    await expect(preparedQuery(`SELECT 1 AS "unregistered${uniqueSuffix()}"`, [])).rejects.toThrow(/registered/);
  });
});
