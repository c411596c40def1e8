import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { flushApiUsage } from "@/server/rest/metering";
import { NO_ACCOUNT } from "@/server/services/usage/usage";
import { callerAs, createAccount, createTenants, uniqueSuffix } from "./fixtures";
import { authHeaders, busyFlow, callApi, createApiUser, uniqueIp, type ApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
});

const asA1 = () => authHeaders(resellerA, t.accounts.customerA1.name);

/** Runs `change` and returns the audit events it wrote for the account. */
async function eventsWrittenBy(accountId: string, change: () => Promise<unknown>) {
  const last = await db.auditEvent.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select: { id: true } });
  await change();
  return db.auditEvent.findMany({ where: { accountId, id: { gt: last?.id ?? 0n } }, orderBy: { id: "asc" } });
}

describe("every write through the API is audited like the same change in the portal", () => {
  it("exactly one event per POST, PUT and DELETE, on channel api with the API credential as actor", async () => {
    const account = t.accounts.customerA1.id;
    let uuid = "";
    const expectedActor = {
      accountId: account,
      channel: "api",
      actorApiCredentialId: resellerA.id,
      actorUserId: null,
      actorAccountId: t.accounts.resellerA.id,
      actorLabel: `api:${resellerA.user}@${t.accounts.resellerA.name}`,
      ip: "203.0.113.50",
      userAgent: "rest-test",
    };
    const created = await eventsWrittenBy(account, async () => {
      const response = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(700), ip: "203.0.113.50" });
      uuid = (response.json!.result as { uuid: string }).uuid;
    });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ ...expectedActor, action: "callflow.create", entityType: "callflow", entityId: uuid });

    const updated = await eventsWrittenBy(account, () =>
      callApi("PUT", `/voip/flow/${uuid}`, { headers: asA1(), body: busyFlow(700, "Renamed"), ip: "203.0.113.50" }),
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ ...expectedActor, action: "callflow.update", entityId: uuid });
    expect(updated[0]!.after).toMatchObject({ name: "Renamed", version: 2 });

    const deleted = await eventsWrittenBy(account, () =>
      callApi("DELETE", `/voip/flow/${uuid}`, { headers: asA1(), ip: "203.0.113.50" }),
    );
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ ...expectedActor, action: "callflow.delete", entityId: uuid });
  });

  it("failed requests write none", async () => {
    const account = t.accounts.customerA1.id;
    const existing = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(710) });
    const uuid = (existing.json!.result as { uuid: string }).uuid;
    const failures: [string, () => Promise<{ status: number }>][] = [
      ["invalid flow", () => callApi("POST", "/voip/flow", { headers: asA1(), body: { ...busyFlow(711), flow: {} } })],
      ["taken extension", () => callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(710) })],
      [
        "stale If-Match",
        () => callApi("PUT", `/voip/flow/${uuid}`, { headers: { ...asA1(), "If-Match": '"stale"' }, body: busyFlow(710) }),
      ],
      [
        "wrong password",
        () =>
          callApi("DELETE", `/voip/flow/${uuid}`, {
            headers: authHeaders({ ...resellerA, password: "x" }, t.accounts.customerA1.name),
            ip: uniqueIp(),
          }),
      ],
      [
        "malformed JSON",
        () => callApi("PUT", `/voip/flow/${uuid}`, { headers: { ...asA1(), "Content-Type": "application/json" }, rawBody: "{" }),
      ],
    ];
    for (const [label, failure] of failures) {
      let status = 0;
      const events = await eventsWrittenBy(account, async () => {
        status = (await failure()).status;
      });
      expect(status, label).toBeGreaterThanOrEqual(400);
      expect(events, label).toHaveLength(0);
    }
  });
});

/** The counts written for an account, after the pending ones are flushed. */
async function usageOf(accountId: string) {
  await flushApiUsage();
  const rows = await db.apiUsageDaily.findMany({
    where: { accountId },
    orderBy: [{ route: "asc" }, { method: "asc" }, { status: "asc" }],
  });
  return rows.map(({ method, route, status, requests }) => ({ method, route, status, requests }));
}

describe("metering", () => {
  it("counts every command under the account acted for, by route template, method and status", async () => {
    const account = await createAccount(`metered-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const user = await createApiUser(t.accounts.resellerA);
    const headers = authHeaders(user, account.name);
    const created = await callApi("POST", "/voip/flow", { headers, body: busyFlow(720) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    await callApi("GET", `/voip/flow/${uuid}`, { headers });
    await callApi("GET", `/voip/flow/${uuid}`, { headers });
    await callApi("GET", `/voip/flow/${crypto.randomUUID()}`, { headers });
    await callApi("GET", "/voip/sound", { headers });

    expect(await usageOf(account.id)).toEqual([
      { method: "POST", route: "/voip/flow", status: 201, requests: 1 },
      { method: "GET", route: "/voip/flow/{uuid}", status: 200, requests: 2 },
      { method: "GET", route: "/voip/flow/{uuid}", status: 404, requests: 1 },
      { method: "GET", route: "/voip/sound", status: 200, requests: 1 },
    ]);
    const [row] = await db.apiUsageDaily.findMany({ where: { accountId: account.id, status: 201 } });
    expect(row!.day.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    expect(row!.totalDurationMs).toBeGreaterThanOrEqual(0n);
  });

  it("counts 200 concurrent requests exactly, and the usage report shows them", async () => {
    const account = await createAccount(`metered-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const user = await createApiUser(t.accounts.resellerA);
    const headers = authHeaders(user, account.name);
    const responses = await Promise.all(Array.from({ length: 200 }, () => callApi("GET", "/voip/flow", { headers })));
    expect(responses.every((response) => response.status === 200)).toBe(true);

    expect(await usageOf(account.id)).toEqual([{ method: "GET", route: "/voip/flow", status: 200, requests: 200 }]);
    const today = new Date().toISOString().slice(0, 10);
    const report = await callerAs(t.actors.resellerA).usage.daily({ from: today, to: today });
    expect(report.filter((row) => row.accountId === account.id)).toEqual([
      { accountId: account.id, accountName: account.name, day: today, requests: 200 },
    ]);
  });

  it("counts requests that reached no account (bad credentials, X-Auth-For out of reach) under none", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const route = "/voip/next-extension/flow";
    const before = await usageOf(NO_ACCOUNT);
    const countOf = (rows: typeof before, status: number) =>
      rows.find((row) => row.route === route && row.status === status)?.requests ?? 0;
    await callApi("GET", route, { headers: { "X-Auth-Reseller": "nobody", "X-Auth-User": "nobody" }, ip: uniqueIp() });
    await callApi("GET", route, { headers: authHeaders(user, `nobody-${uniqueSuffix()}`) });
    const after = await usageOf(NO_ACCOUNT);
    // Other test files may count such requests at the same time: at least ours are there.
    expect(countOf(after, 401) - countOf(before, 401)).toBeGreaterThanOrEqual(1);
    expect(countOf(after, 404) - countOf(before, 404)).toBeGreaterThanOrEqual(1);
  });
});
