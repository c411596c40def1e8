import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { recordApiRequest, flushApiUsage } from "@/server/rest/metering";
import { callerAs, createTenants } from "./fixtures";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;

// Requests placed in a past month no other test writes to, so the counts are exactly these.
const RANGE = { from: "2001-02-01", to: "2001-02-03" };

beforeAll(async () => {
  t = await createTenants();
  const request = (accountId: string | null, at: string) => ({
    accountId,
    method: "GET",
    route: "/voip/flow",
    status: 200,
    durationMs: 3,
    at: new Date(at),
  });
  // Through the metering path itself: counted in memory per UTC day, then written in a batch.
  const requests = [
    request(t.accounts.customerA1.id, "2001-02-01T00:00:00Z"),
    request(t.accounts.customerA1.id, "2001-02-01T23:59:59.999Z"),
    request(t.accounts.customerA1.id, "2001-02-02T00:00:00Z"),
    request(t.accounts.customerA2.id, "2001-02-03T12:00:00Z"),
    request(t.accounts.resellerA.id, "2001-02-02T08:00:00Z"),
    request(t.accounts.customerB1.id, "2001-02-02T08:00:00Z"),
    request(null, "2001-02-03T08:00:00Z"),
    // Outside the range on either side.
    request(t.accounts.customerA1.id, "2001-01-31T23:59:59.999Z"),
    request(t.accounts.customerA1.id, "2001-02-04T00:00:00Z"),
  ];
  for (const metered of requests) recordApiRequest(metered);
  await flushApiUsage();
});

/** The admin sees every account on the platform; keep this test's. */
function ofThisTest<Row extends { accountId: string | null }>(rows: Row[]): Row[] {
  const ids = new Set<string | null>([...Object.values(t.accounts).map((account) => account.id), null]);
  return rows.filter((row) => ids.has(row.accountId));
}

describe("daily API usage", () => {
  it("shows a reseller its own account's and its customers' requests per UTC day", async () => {
    expect(await callerAs(t.actors.resellerA).usage.daily(RANGE)).toEqual([
      { accountId: t.accounts.customerA1.id, accountName: t.accounts.customerA1.name, day: "2001-02-01", requests: 2 },
      { accountId: t.accounts.customerA1.id, accountName: t.accounts.customerA1.name, day: "2001-02-02", requests: 1 },
      { accountId: t.accounts.customerA2.id, accountName: t.accounts.customerA2.name, day: "2001-02-03", requests: 1 },
      { accountId: t.accounts.resellerA.id, accountName: t.accounts.resellerA.name, day: "2001-02-02", requests: 1 },
    ]);
  });

  it("shows a customer only itself", async () => {
    const rows = await callerAs(t.actors.customerA2).usage.daily(RANGE);
    expect(rows).toEqual([
      { accountId: t.accounts.customerA2.id, accountName: t.accounts.customerA2.name, day: "2001-02-03", requests: 1 },
    ]);
  });

  it("shows the admin everything, requests that reached no account included", async () => {
    const rows = ofThisTest(await callerAs(t.actors.admin).usage.daily(RANGE));
    expect(rows.map((row) => row.accountName)).toEqual(
      expect.arrayContaining([t.accounts.customerA1.name, t.accounts.customerB1.name, t.accounts.resellerA.name, null]),
    );
    expect(rows.find((row) => row.accountId === null)).toMatchObject({ day: "2001-02-03" });
    expect(rows.at(-1)?.accountId).toBeNull();
  });

  it("refuses a backwards or overlong range", async () => {
    for (const range of [
      { from: "2001-02-03", to: "2001-02-01" },
      { from: "2001-01-01", to: "2001-12-31" },
      { from: "2001-02-30", to: "2001-03-01" },
    ]) {
      const error = await callerAs(t.actors.resellerA)
        .usage.daily(range)
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(range)).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });
});
