import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTenants } from "./fixtures";
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

    const deleted = await eventsWrittenBy(account, () => callApi("DELETE", `/voip/flow/${uuid}`, { headers: asA1(), ip: "203.0.113.50" }));
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
      ["stale If-Match", () => callApi("PUT", `/voip/flow/${uuid}`, { headers: { ...asA1(), "If-Match": '"stale"' }, body: busyFlow(710) })],
      ["wrong password", () => callApi("DELETE", `/voip/flow/${uuid}`, { headers: authHeaders({ ...resellerA, password: "x" }, t.accounts.customerA1.name), ip: uniqueIp() })],
      ["malformed JSON", () => callApi("PUT", `/voip/flow/${uuid}`, { headers: { ...asA1(), "Content-Type": "application/json" }, rawBody: "{" })],
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

describe("metering", () => {
  it("records every command with the account acted for, the credential, route template, status and duration", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const headers = authHeaders(user, t.accounts.customerA2.name);
    const created = await callApi("POST", "/voip/flow", { headers, body: busyFlow(720) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    await callApi("GET", `/voip/flow/${uuid}`, { headers });
    await callApi("GET", `/voip/flow/${crypto.randomUUID()}`, { headers });
    await callApi("GET", "/voip/sound", { headers });
    await callApi("GET", "/voip/flow", { headers: authHeaders(user, `nobody-${Date.now()}`) });

    const rows = await db.apiRequest.findMany({ where: { apiCredentialId: user.id }, orderBy: { id: "asc" } });
    expect(rows.map(({ accountId, method, route, status }) => ({ accountId, method, route, status }))).toEqual([
      { accountId: t.accounts.customerA2.id, method: "POST", route: "/voip/flow", status: 201 },
      { accountId: t.accounts.customerA2.id, method: "GET", route: "/voip/flow/{uuid}", status: 200 },
      { accountId: t.accounts.customerA2.id, method: "GET", route: "/voip/flow/{uuid}", status: 404 },
      { accountId: t.accounts.customerA2.id, method: "GET", route: "/voip/sound", status: 200 },
      // X-Auth-For named no account within reach: the request acted for none.
      { accountId: null, method: "GET", route: "/voip/flow", status: 404 },
    ]);
    for (const row of rows) {
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.now() - row.at.getTime()).toBeLessThan(60_000);
    }
  });

  it("records unauthenticated requests too, with no account and no credential", async () => {
    const since = new Date(Date.now() - 1000);
    const response = await callApi("DELETE", `/voip/flow/${crypto.randomUUID()}`, { headers: { "X-Auth-Reseller": "nobody", "X-Auth-User": "nobody" }, ip: uniqueIp() });
    expect(response.status).toBe(401);
    const rows = await db.apiRequest.findMany({
      where: { at: { gte: since }, method: "DELETE", route: "/voip/flow/{uuid}", status: 401 },
    });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row.accountId === null && row.apiCredentialId === null)).toBe(true);
  });
});
