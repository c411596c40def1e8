import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { createAccount, createTenants, createUserIn, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";
import { type ApiUser, authHeaders, busyFlow, callApi, createApiUser, uniqueIp } from "./rest-client";
import { uniquePhoneNumber } from "./procedure-helpers";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let resellerB: ApiUser;
let admin: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  resellerB = await createApiUser(t.accounts.resellerB);
  admin = await createApiUser(t.accounts.root);
});

const asA = () => authHeaders(resellerA);
const asB = () => authHeaders(resellerB);
type ApiCustomer = { uuid: string; name: string; status: string; plan: string | null };

async function newCustomer(body: Record<string, unknown> = {}) {
  const created = await callApi("POST", "/voip/customer", {
    headers: asA(),
    body: { name: `cust-${uniqueSuffix()}`, display_name: "Cust Ltd", ...body },
  });
  expect(created.status, created.text).toBe(201);
  return { customer: created.json!.result as ApiCustomer & Record<string, unknown>, etag: created.headers.get("etag")! };
}

describe("/voip/customer", () => {
  it("creates a customer with its owner and a one-time link, reads it, and pages the list", async () => {
    const email = `owner-${uniqueSuffix()}@example.test`;
    const { customer } = await newCustomer({ contact_email: "Billing@Example.test", owner_email: email });
    expect(customer).toMatchObject({
      display_name: "Cust Ltd",
      contact_email: "billing@example.test",
      plan: null,
      status: "active",
      owner: { email, set_password_link: expect.stringMatching(/\/set-password\?token=/), mailed: false },
    });
    const owner = await db.user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(owner).toMatchObject({ accountId: customer.uuid, role: "customer", passwordHash: null });

    const read = await callApi("GET", `/voip/customer/${customer.uuid}`, { headers: asA() });
    expect(read.status).toBe(200);
    expect(read.json!.result).toMatchObject({ uuid: customer.uuid, name: customer.name });
    expect(read.headers.get("etag")).toBeTruthy();

    await newCustomer();
    const first = await callApi("GET", "/voip/customer?limit=1", { headers: asA() });
    const page = first.json!.result as { items: ApiCustomer[]; next_cursor: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.next_cursor).not.toBeNull();
    const second = await callApi("GET", `/voip/customer?limit=1&cursor=${page.next_cursor}`, { headers: asA() });
    expect((second.json!.result as { items: ApiCustomer[] }).items[0]!.uuid).not.toBe(page.items[0]!.uuid);
    const searched = await callApi("GET", `/voip/customer?search=${customer.name}`, { headers: asA() });
    expect((searched.json!.result as { items: ApiCustomer[] }).items.map((item) => item.uuid)).toEqual([customer.uuid]);

    const tooMany = await callApi("GET", "/voip/customer?limit=101", { headers: asA() });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json!.errors).toEqual([{ path: "limit", message: "Limit must be from 1 to 100" }]);
  });

  it("answers another reseller's customer as not found on every path", async () => {
    const { customer } = await newCustomer();
    const body = { name: customer.name, display_name: "Hijacked", status: "suspended" };
    for (const [method, options] of [
      ["GET", {}],
      ["PUT", { body }],
      ["DELETE", {}],
    ] as const) {
      const answer = await callApi(method, `/voip/customer/${customer.uuid}`, { headers: asB(), ...options });
      expect(answer.status, `${method}`).toBe(404);
    }
    const listed = await callApi("GET", `/voip/customer?search=${customer.name}`, { headers: asB() });
    expect((listed.json!.result as { items: unknown[] }).items).toEqual([]);
    expect((await db.account.findUniqueOrThrow({ where: { id: customer.uuid } })).displayName).toBe("Cust Ltd");
  });

  it("refuses customers' API users", async () => {
    const own = await createApiUser(t.accounts.customerA1);
    expect((await callApi("GET", "/voip/customer", { headers: authHeaders(own) })).status).toBe(403);
  });

  it("replaces a customer whole with If-Match; a stale one is 412", async () => {
    const { customer, etag } = await newCustomer();
    const body = { ...customer, display_name: "Renamed", contact_email: "ops@example.test" };
    delete (body as Record<string, unknown>).owner;
    const replaced = await callApi("PUT", `/voip/customer/${customer.uuid}`, { headers: { ...asA(), "If-Match": etag }, body });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json!.result).toMatchObject({ display_name: "Renamed", contact_email: "ops@example.test", status: "active" });
    const stale = await callApi("PUT", `/voip/customer/${customer.uuid}`, { headers: { ...asA(), "If-Match": etag }, body });
    expect(stale.status).toBe(412);
  });

  it("suspension stops sign-in, sessions and API use on the next request; flows and numbers stay", async () => {
    const { customer } = await newCustomer();
    const account = await db.account.findUniqueOrThrow({ where: { id: customer.uuid } });
    const user = await createUserIn(account, "customer", `user-${uniqueSuffix()}@example.test`);
    const own = await createApiUser(account);
    const ip = uniqueIp();
    expect((await callApi("POST", "/voip/flow", { headers: authHeaders(own), body: busyFlow(500), ip })).status).toBe(201);
    await db.phoneNumber.create({ data: { accountId: account.id, number: uniquePhoneNumber() } });
    expect(await loadActor(user.id)).not.toBeNull();

    const suspended = await callApi("PUT", `/voip/customer/${customer.uuid}`, {
      headers: asA(),
      body: { name: customer.name, display_name: "Cust Ltd", status: "suspended" },
    });
    expect(suspended.status).toBe(200);
    expect((suspended.json!.result as ApiCustomer).status).toBe("suspended");

    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(own), ip })).status).toBe(401);
    expect(await loadActor(user.id)).toBeNull();
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, uniqueIp())).toMatchObject({ ok: false, reason: "suspended" });
    expect(await db.callFlow.count({ where: { accountId: account.id } })).toBe(1);
    expect(await db.phoneNumber.count({ where: { accountId: account.id } })).toBe(1);
    // The reseller still reaches the suspended customer's flows.
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(resellerA, customer.name) })).status).toBe(200);

    await callApi("PUT", `/voip/customer/${customer.uuid}`, { headers: asA(), body: { name: customer.name, status: "active" } });
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(own), ip })).status).toBe(200);
    const actions = await db.auditEvent.findMany({
      where: { accountId: account.id, entityType: "account" },
      orderBy: { id: "asc" },
    });
    expect(actions.map((event) => event.action)).toEqual(["account.suspend", "account.activate"]);
  });

  it("deletes only a suspended customer, with everything it owns, releasing its numbers to the reseller", async () => {
    const { customer } = await newCustomer({ owner_email: `gone-${uniqueSuffix()}@example.test` });
    const account = await db.account.findUniqueOrThrow({ where: { id: customer.uuid } });
    const flowAnswer = await callApi("POST", "/voip/flow", {
      headers: authHeaders(resellerA, account.name),
      body: busyFlow(501),
    });
    const flowId = (flowAnswer.json!.result as { uuid: string }).uuid;
    const number = await db.phoneNumber.create({
      data: { accountId: account.id, number: uniquePhoneNumber(), callFlowId: flowId },
    });
    await db.sipUser.create({ data: { accountId: account.id, name: "Desk", extension: 201 } });

    const refused = await callApi("DELETE", `/voip/customer/${customer.uuid}`, { headers: asA() });
    expect(refused.status).toBe(409);
    expect(refused.json!.errors![0]!.message).toMatch(/suspend it first/);

    await callApi("PUT", `/voip/customer/${customer.uuid}`, {
      headers: asA(),
      body: { name: customer.name, status: "suspended" },
    });
    const deleted = await callApi("DELETE", `/voip/customer/${customer.uuid}`, { headers: asA() });
    expect(deleted.status, deleted.text).toBe(204);
    expect(await db.account.findUnique({ where: { id: account.id } })).toBeNull();
    expect(await db.callFlow.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.user.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      accountId: t.accounts.resellerA.id,
      callFlowId: null,
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: account.id, action: "account.delete" } });
    expect(event.accountId).toBe(t.accounts.resellerA.id);
    expect(event.after).toMatchObject({ removed: { callFlows: 1, sipUsers: 1, users: 1, releasedNumbers: 1 } });
  });
});

const STARTER = {
  name: "Starter",
  limits: { flows: 5, modules_per_flow: 30, numbers: 2, users: 3, schedules: 2, webhooks: 1, sounds_mb: 50 },
  modules: ["start", "play", "pressextension", "extension", "voicemail", "busy"],
};

describe("/voip/plan", () => {
  it("creates, reads, replaces and lists a reseller's plans; another reseller's is not found", async () => {
    const created = await callApi("POST", "/voip/plan", {
      headers: asA(),
      body: { ...STARTER, name: `Starter ${uniqueSuffix()}` },
    });
    expect(created.status, created.text).toBe(201);
    const plan = created.json!.result as { uuid: string; name: string; limits: Record<string, number | null> };
    expect(plan).toMatchObject({ limits: { ...STARTER.limits, customers: null }, modules: STARTER.modules, customers: 0 });

    const replaced = await callApi("PUT", `/voip/plan/${plan.uuid}`, {
      headers: { ...asA(), "If-Match": created.headers.get("etag")! },
      body: { ...plan, limits: { flows: null }, modules: null },
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json!.result).toMatchObject({ limits: { flows: null, numbers: null }, modules: null });

    const listed = await callApi("GET", "/voip/plan", { headers: asA() });
    expect((listed.json!.result as { uuid: string }[]).map((p) => p.uuid)).toContain(plan.uuid);
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const answer = await callApi(method, `/voip/plan/${plan.uuid}`, {
        headers: asB(),
        ...(method === "PUT" ? { body: STARTER } : {}),
      });
      expect(answer.status, method).toBe(404);
    }
    expect((await callApi("GET", "/voip/plan", { headers: asB() })).text).not.toContain(plan.uuid);
  });

  it("names bad limits and module types", async () => {
    const refused = await callApi("POST", "/voip/plan", {
      headers: asA(),
      body: { name: "Bad", limits: { flows: -1, minutes: 3 }, modules: ["fax", "teleport"] },
    });
    expect(refused.status).toBe(400);
    expect(refused.json!.errors!.map((error) => error.path).sort()).toEqual(["limits.flows", "limits.minutes", "modules.1"]);
  });

  it("puts a customer on a plan; deleting a plan in use says how many use it", async () => {
    const created = await callApi("POST", "/voip/plan", { headers: asA(), body: { ...STARTER, name: `Used ${uniqueSuffix()}` } });
    const plan = created.json!.result as { uuid: string };
    await newCustomer({ plan: plan.uuid });
    await newCustomer({ plan: plan.uuid });
    const refused = await callApi("DELETE", `/voip/plan/${plan.uuid}`, { headers: asA() });
    expect(refused.status).toBe(409);
    expect(refused.json!.errors![0]!.message).toContain("2 customers use it");

    const foreign = await callApi("POST", "/voip/plan", { headers: asB(), body: { ...STARTER, name: `B ${uniqueSuffix()}` } });
    const onForeign = await callApi("POST", "/voip/customer", {
      headers: asA(),
      body: { name: `cust-${uniqueSuffix()}`, plan: (foreign.json!.result as { uuid: string }).uuid },
    });
    expect(onForeign.status).toBe(400);
    expect(onForeign.json!.errors).toEqual([{ path: "plan", message: "No such plan: choose one of your plans" }]);
  });

  it("lets the platform give a reseller a plan whose customers limit caps its customers", async () => {
    const reseller = await createAccount(`reseller-${uniqueSuffix()}`, "reseller", t.accounts.root);
    const api = await createApiUser(reseller);
    const created = await callApi("POST", "/voip/plan", {
      headers: authHeaders(admin),
      body: { name: `Reseller small ${uniqueSuffix()}`, limits: { customers: 1 } },
    });
    const plan = created.json!.result as { uuid: string; name: string };
    await db.account.update({ where: { id: reseller.id }, data: { planId: plan.uuid } });
    const first = await callApi("POST", "/voip/customer", { headers: authHeaders(api), body: { name: `c-${uniqueSuffix()}` } });
    expect(first.status).toBe(201);
    const second = await callApi("POST", "/voip/customer", { headers: authHeaders(api), body: { name: `c-${uniqueSuffix()}` } });
    expect(second.status).toBe(409);
    expect(second.json!.status_message).toBe(`Plan limit reached: at most 1 customer (plan "${plan.name}")`);
  });
});
