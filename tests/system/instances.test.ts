import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance, type Instance } from "./instance";
import { signIn, trpc, voip } from "./portal-client";
import { busyFlow, demoDatabase } from "./system-database";

// Two production instances on one PostgreSQL, as behind a load balancer: nothing that decides
// an answer may live in one instance's memory alone.

let database: Awaited<ReturnType<typeof demoDatabase>>;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  database = await demoDatabase("instances");
  [a, b] = await Promise.all([startInstance(database.url), startInstance(database.url)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

type Created = { id: string; username: string; password: string };

describe("two instances on one database", () => {
  it("accept each other's sessions", async () => {
    const cookie = await signIn(a.url, "reseller@example.com");
    const created = await trpc<Created>(b.url, cookie, "mutation", "apiCredentials.create", { username: "made-on-b" });
    expect(created.status).toBe(200);
    expect(created.data?.username).toBe("made-on-b");
    const signedOut = await trpc<Created>(b.url, "", "mutation", "apiCredentials.create", { username: "no-session" });
    expect(signedOut.status).toBe(401);
  });

  it("count failed API sign-ins together", async () => {
    const wrong = { "X-Auth-Reseller": "other-reseller", "X-Auth-User": "api", "X-Auth-Password": "not-the-password" };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 24; attempt++) {
      const instance = attempt % 2 === 0 ? a : b;
      statuses.push((await voip(instance.url, "/voip/flow", { headers: wrong })).status);
    }
    const checked = statuses.filter((status) => status === 401).length;
    // The limit is per user and address however many instances see the guesses: alone, each
    // instance would have let 12 through.
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 429).length).toBe(statuses.length - checked);
  });

  it("honour each other's ETags", async () => {
    const created = await voip(a.url, "/voip/flow", {
      method: "POST",
      headers: { "X-Auth-For": "acme" },
      body: busyFlow(700, "ETag flow"),
    });
    expect(created.status).toBe(201);
    const uuid = (created.body!.result as { uuid: string }).uuid;
    const etag = (await voip(a.url, `/voip/flow/${uuid}`, { headers: { "X-Auth-For": "acme" } })).headers.get("etag")!;
    expect(etag).toBeTruthy();
    const onB = await voip(b.url, `/voip/flow/${uuid}`, {
      method: "PUT",
      headers: { "X-Auth-For": "acme", "If-Match": etag },
      body: busyFlow(700, "ETag flow, changed on B"),
    });
    expect(onB.status).toBe(200);
    const staleOnA = await voip(a.url, `/voip/flow/${uuid}`, {
      method: "PUT",
      headers: { "X-Auth-For": "acme", "If-Match": etag },
      body: busyFlow(700, "ETag flow, stale change on A"),
    });
    expect(staleOnA.status).toBe(412);
  });

  it("add up their metering", async () => {
    const route = "/voip/next-extension/flow";
    const before = await usage(route);
    for (let i = 0; i < 7; i++) expect((await voip(a.url, route, { headers: { "X-Auth-For": "globex" } })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await voip(b.url, route, { headers: { "X-Auth-For": "globex" } })).status).toBe(200);
    // Each instance flushes its counts at least every second.
    const deadline = Date.now() + 5_000;
    while ((await usage(route)) < before + 12 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await usage(route)).toBe(before + 12);
  });

  it("refuse a credential revoked on the other from the very next request", async () => {
    const cookie = await signIn(a.url, "reseller@example.com");
    const created = await trpc<Created>(a.url, cookie, "mutation", "apiCredentials.create", { username: "revoked-on-a" });
    const headers = {
      "X-Auth-Reseller": "demo-reseller",
      "X-Auth-User": "revoked-on-a",
      "X-Auth-Password": created.data!.password,
      "X-Auth-For": "acme",
    };
    const flow = await voip(a.url, "/voip/flow", { method: "POST", headers, body: busyFlow(710, "Revocation flow") });
    expect(flow.status).toBe(201);
    const path = `/voip/flow/${(flow.body!.result as { uuid: string }).uuid}`;
    // Both have served the credential, many times, just before the revocation.
    for (let i = 0; i < 5; i++) {
      expect((await voip(b.url, path, { headers })).status).toBe(200);
      expect((await voip(a.url, path, { headers })).status).toBe(200);
    }

    const revoked = await trpc<Created>(a.url, cookie, "mutation", "apiCredentials.revoke", { id: created.data!.id });
    expect(revoked.status).toBe(200);
    // No wait, no retry: the first request on B after A answered the revocation is refused.
    expect((await voip(b.url, path, { headers })).status).toBe(401);
    expect((await voip(a.url, path, { headers })).status).toBe(401);
    expect((await voip(b.url, "/voip/flow", { headers })).status).toBe(401);
  });
});

async function usage(route: string): Promise<number> {
  const rows = await database.db.apiUsageDaily.findMany({ where: { route, status: 200 }, select: { requests: true } });
  return rows.reduce((sum, row) => sum + row.requests, 0);
}
