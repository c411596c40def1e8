import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { createTenants } from "./fixtures";
import { type ApiUser, authHeaders, callApi, createApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let resellerB: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  resellerB = await createApiUser(t.accounts.resellerB);
});

const asA1 = () => authHeaders(resellerA, t.accounts.customerA1.name);
const asB1 = () => authHeaders(resellerB, t.accounts.customerB1.name);
const today = () => new Date().toISOString().slice(0, 10);

const EXAMPLE = { url: "http://127.0.0.1:9/hooks", events: ["callflow.updated", "number.routed"], enabled: true, subtree: false };

describe("/voip/webhook", () => {
  it("creates a subscription whose answer alone carries the secret, then reads, replaces and deletes it", async () => {
    const created = await callApi("POST", "/voip/webhook", { headers: asA1(), body: EXAMPLE });
    expect(created.status).toBe(201);
    const result = created.json!.result as Record<string, unknown> & { uuid: string; secret: string };
    expect(result).toEqual({
      ...EXAMPLE,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      created_on: today(),
      updated_on: today(),
      disabled_reason: null,
      failing_since: null,
    });
    expect(created.headers.get("location")).toBe(`/voip/webhook/${result.uuid}`);

    const read = await callApi("GET", `/voip/webhook/${result.uuid}`, { headers: asA1() });
    expect(read.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = result;
    expect(read.json!.result).toEqual(withoutSecret);
    const listed = await callApi("GET", "/voip/webhook", { headers: asA1() });
    expect(listed.json!.result).toEqual([withoutSecret]);
    expect(listed.text).not.toContain(result.secret);

    // A subscription read with GET can be sent back whole.
    const replaced = await callApi("PUT", `/voip/webhook/${result.uuid}`, {
      headers: asA1(),
      body: { ...withoutSecret, events: ["schedule.updated"], enabled: false },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json!.result).toMatchObject({ uuid: result.uuid, events: ["schedule.updated"], enabled: false });
    expect(replaced.text).not.toContain(result.secret);

    expect((await callApi("DELETE", `/voip/webhook/${result.uuid}`, { headers: asA1() })).status).toBe(204);
    expect((await callApi("GET", `/voip/webhook/${result.uuid}`, { headers: asA1() })).status).toBe(404);
  });

  it("names every bad field", async () => {
    const response = await callApi("POST", "/voip/webhook", {
      headers: asA1(),
      body: { url: "ftp://example.com", events: ["callflow.renamed"], enabled: "yes" },
    });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((issue) => issue.path).sort()).toEqual(["enabled", "events.0"]);
    const badUrl = await callApi("POST", "/voip/webhook", { headers: asA1(), body: { ...EXAMPLE, url: "ftp://example.com" } });
    expect(badUrl.json!.errors).toEqual([{ path: "url", message: "url must start with https://" }]);
    const noEvents = await callApi("POST", "/voip/webhook", { headers: asA1(), body: { ...EXAMPLE, events: [] } });
    expect(noEvents.json!.errors).toEqual([{ path: "events", message: "events must name at least one event type" }]);
    const unknown = await callApi("POST", "/voip/webhook", { headers: asA1(), body: { ...EXAMPLE, secret: "whsec_mine" } });
    expect(unknown.json!.errors).toEqual([{ path: "secret", message: '"secret" is not a field of a webhook subscription' }]);
    const subtree = await callApi("POST", "/voip/webhook", { headers: asA1(), body: { ...EXAMPLE, subtree: true } });
    expect(subtree.json!.errors!.map((issue) => issue.path)).toEqual(["subtree"]);
  });

  it("lets a reseller subscribe for its subtree, and writes each change to the audit trail", async () => {
    const response = await callApi("POST", "/voip/webhook", {
      headers: authHeaders(resellerA),
      body: { ...EXAMPLE, subtree: true },
    });
    expect(response.status).toBe(201);
    const { uuid } = response.json!.result as { uuid: string };
    const audit = await db.auditEvent.findMany({ where: { entityId: uuid } });
    expect(audit.map((event) => event.action)).toEqual(["webhook.create"]);
    expect(JSON.stringify(audit.map((event) => event.after))).not.toContain("whsec_");
  });

  it("answers 404 for another tenant's subscription, whatever the method", async () => {
    const created = await callApi("POST", "/voip/webhook", { headers: asA1(), body: EXAMPLE });
    const { uuid } = created.json!.result as { uuid: string };
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const response = await callApi(method, `/voip/webhook/${uuid}`, {
        headers: asB1(),
        body: method === "PUT" ? EXAMPLE : undefined,
      });
      expect(response.status, method).toBe(404);
    }
    expect((await callApi("GET", "/voip/webhook", { headers: asB1() })).json!.result).toEqual([]);
    expect((await callApi("GET", "/voip/webhook", { headers: authHeaders(resellerB, t.accounts.customerA1.name) })).status).toBe(
      404,
    );
    expect(await db.webhookSubscription.count({ where: { id: uuid } })).toBe(1);
  });
});

describe("/voip/webhook in production: the SSRF guard", () => {
  // A tenant writes an internal address as IPv6 that carries IPv4; the URL parser normalises
  // `[::ffff:127.0.0.1]` to `[::ffff:7f00:1]`. Every form is refused on `url`, nothing is stored.
  beforeAll(() => {
    vi.stubEnv("NODE_ENV", "production");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    "https://[::ffff:127.0.0.1]/hooks",
    "https://[::ffff:7f00:1]/hooks",
    "https://[::ffff:a9fe:a9fe]/latest/meta-data/",
    "https://[0:0:0:0:0:ffff:10.0.0.1]/hooks",
    "https://[::ffff:0:7f00:1]/hooks",
    "https://[::127.0.0.1]/hooks",
    "https://[::a9fe:a9fe]/hooks",
    "https://[64:ff9b::127.0.0.1]/hooks",
    "https://[64:ff9b::a00:1]/hooks",
    "https://[2002:7f00:1::1]/hooks",
    "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hooks",
  ])("refuses %s with 400 on url", async (url) => {
    const before = await db.webhookSubscription.count({ where: { accountId: t.accounts.customerA1.id } });
    const created = await callApi("POST", "/voip/webhook", { headers: asA1(), body: { ...EXAMPLE, url } });
    expect(created.status).toBe(400);
    expect(created.json!.errors!.map((issue) => issue.path)).toEqual(["url"]);
    expect(await db.webhookSubscription.count({ where: { accountId: t.accounts.customerA1.id } })).toBe(before);
  });

  it("accepts a public IPv6 address, and refuses changing it to a mapped loopback one", async () => {
    const created = await callApi("POST", "/voip/webhook", {
      headers: asA1(),
      body: { ...EXAMPLE, url: "https://[2606:4700:4700::1111]/hooks" },
    });
    expect(created.status).toBe(201);
    const { uuid } = created.json!.result as { uuid: string };
    const changed = await callApi("PUT", `/voip/webhook/${uuid}`, {
      headers: asA1(),
      body: { ...EXAMPLE, url: "https://[::ffff:7f00:1]:5432/" },
    });
    expect(changed.status).toBe(400);
    expect(changed.json!.errors!.map((issue) => issue.path)).toEqual(["url"]);
    expect((await db.webhookSubscription.findUniqueOrThrow({ where: { id: uuid } })).url).toBe(
      "https://[2606:4700:4700::1111]/hooks",
    );
  });
});
