import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { hashApiPassword, isCurrentApiPasswordHash } from "@/server/auth/api-password";
import { MAX_FAILURES } from "@/server/auth/failure-limit";
import { hashPassword } from "@/server/auth/password";
import { failureSubject } from "@/server/rest/authenticate";
import { db } from "@/server/db";
import { revokeApiCredential } from "@/server/services/api-credentials/api-credentials";
import { contextAs, createAccount, createTenants, createUserIn, uniqueSuffix } from "./fixtures";
import { authHeaders, callApi, createApiUser, uniqueIp, type ApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let resellerB: ApiUser;
let customerA1: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  resellerB = await createApiUser(t.accounts.resellerB);
  customerA1 = await createApiUser(t.accounts.customerA1);
});

const UNAUTHORIZED = { result: {}, status_code: 401, status_message: "Unauthorized" };
const NOT_FOUND = { result: {}, status_code: 404, status_message: "Not Found" };

/** A real portal session cookie for a user, as next-auth would set it after sign-in. */
async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

describe("missing or wrong credentials", () => {
  it("all get the same 401, with nothing saying which part was wrong", async () => {
    const revoked = await createApiUser(t.accounts.resellerA);
    await db.apiCredential.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const portalUser = await createUserIn(t.accounts.resellerA, "reseller", `cookie-${uniqueSuffix()}@example.test`);

    const attempts: Record<string, Record<string, string>> = {
      "no headers": {},
      "no password": { "X-Auth-Reseller": resellerA.reseller, "X-Auth-User": resellerA.user },
      "no user": { "X-Auth-Reseller": resellerA.reseller, "X-Auth-Password": resellerA.password },
      "wrong password": authHeaders({ ...resellerA, password: "wrong-password" }),
      "wrong reseller": authHeaders({ ...resellerA, reseller: t.accounts.resellerB.name }),
      "unknown reseller": authHeaders({ ...resellerA, reseller: `nobody-${uniqueSuffix()}` }),
      "unknown user": authHeaders({ ...resellerA, user: `nobody-${uniqueSuffix()}` }),
      "another account's user name with its password": authHeaders({ ...resellerB, reseller: resellerA.reseller }),
      "a revoked credential with its right password": authHeaders(revoked),
      "a valid portal session cookie only": { Cookie: await sessionCookie(portalUser.id) },
    };
    for (const [attempt, headers] of Object.entries(attempts)) {
      const response = await callApi("GET", "/voip/flow", { headers, ip: uniqueIp() });
      expect(response.status, attempt).toBe(401);
      expect(response.json, attempt).toEqual(UNAUTHORIZED);
      expect(response.text, attempt).toBe(JSON.stringify(UNAUTHORIZED));
    }
  });

  it(`locks an API user out from one address after ${MAX_FAILURES} failures (429), even with the right password`, async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const ip = uniqueIp();
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      const response = await callApi("GET", "/voip/flow", {
        headers: authHeaders({ ...user, password: `wrong-${attempt}` }),
        ip,
      });
      expect(response.status).toBe(401);
    }
    const locked = await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip });
    expect(locked.status).toBe(429);
    expect(locked.json).toEqual({ result: {}, status_code: 429, status_message: "Too Many Requests" });
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // The failures are counted under the API user's subject, per address.
    const counted = await db.authFailureCount.findUnique({
      where: { subject_ip: { subject: failureSubject(user.reseller, user.user), ip } },
    });
    expect(counted?.failures).toBe(MAX_FAILURES);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: uniqueIp() })).status).toBe(200);
  });

  it("the right credentials after a few failures clear them", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const ip = uniqueIp();
    await callApi("GET", "/voip/flow", { headers: authHeaders({ ...user, password: "wrong" }), ip });
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip })).status).toBe(200);
    expect(
      await db.authFailureCount.findUnique({ where: { subject_ip: { subject: failureSubject(user.reseller, user.user), ip } } }),
    ).toBeNull();
  });
});

describe("acting for another account with X-Auth-For", () => {
  it("a reseller acts for its own customer", async () => {
    const response = await callApi("GET", "/voip/flow", { headers: authHeaders(resellerA, t.accounts.customerA1.name) });
    expect(response.status).toBe(200);
  });

  it("an account outside the caller's tree is 404, exactly like a name that does not exist", async () => {
    const cases: [string, ApiUser, string][] = [
      ["another reseller's customer", resellerA, t.accounts.customerB1.name],
      ["another reseller", resellerA, t.accounts.resellerB.name],
      ["the platform above", resellerA, t.accounts.root.name],
      ["a customer's sibling", customerA1, t.accounts.customerA2.name],
      ["a customer's own reseller", customerA1, t.accounts.resellerA.name],
      ["a name that does not exist", resellerA, `nobody-${uniqueSuffix()}`],
    ];
    const bodies = new Set<string>();
    for (const [label, user, actingFor] of cases) {
      const response = await callApi("GET", "/voip/flow", { headers: authHeaders(user, actingFor) });
      expect(response.status, label).toBe(404);
      expect(response.json, label).toEqual(NOT_FOUND);
      bodies.add(response.text);
    }
    expect(bodies.size).toBe(1);
  });
});

describe("a successful request", () => {
  it("records when the credential was last used", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    expect((await db.apiCredential.findUniqueOrThrow({ where: { id: user.id } })).lastUsedAt).toBeNull();
    const before = Date.now();
    await callApi("GET", "/voip/flow", { headers: authHeaders(user) });
    const { lastUsedAt } = await db.apiCredential.findUniqueOrThrow({ where: { id: user.id } });
    expect(lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});

/** Flows made here take extensions 500, 501... on customer A1, so two never clash. */
let extensionsTaken = 0;
const nextExtension = () => 500 + extensionsTaken++;

describe("GET /voip/flow/{uuid}, answered in authentication's own query", () => {
  const flowOf = async (account: { id: string }, published = true) =>
    db.callFlow.create({
      data: {
        accountId: account.id,
        name: `Flow ${uniqueSuffix()}`,
        extension: nextExtension(),
        flow: { s: { module: "start", next: "b" }, b: { module: "busy" } },
        published,
      },
    });
  const get = (user: ApiUser, id: string, options: { actingFor?: string; ip?: string } = {}) =>
    callApi("GET", `/voip/flow/${id}`, { headers: authHeaders(user, options.actingFor), ip: options.ip ?? uniqueIp() });

  it("answers the flow as the service reads it: same body, same ETag", async () => {
    const flow = await flowOf(t.accounts.customerA1);
    const response = await get(customerA1, flow.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${flow.id}:${flow.version}"`);
    expect(response.json?.result).toEqual({
      created_on: flow.createdAt.toISOString().slice(0, 10),
      extension: flow.extension,
      flow: flow.flow,
      name: flow.name,
      show_call_route_name: false,
      show_original_caller_id: false,
      updated_on: flow.updatedAt.toISOString().slice(0, 10),
      uuid: flow.id,
    });
    expect((await get(resellerA, flow.id, { actingFor: t.accounts.customerA1.name })).status).toBe(200);
  });

  it("is 404 for what the caller may not see, 401 before it can tell anything", async () => {
    const flow = await flowOf(t.accounts.customerA1);
    const draft = await flowOf(t.accounts.customerA1, false);
    const cases: [string, ApiUser, string, string | undefined][] = [
      ["another tenant's flow", resellerB, flow.id, undefined],
      ["another tenant's flow, acting for its customer", resellerB, flow.id, t.accounts.customerB1.name],
      ["a sibling customer's flow", customerA1, (await flowOf(t.accounts.customerA2)).id, undefined],
      ["a flow of the reseller's customer, not acting for it", resellerA, flow.id, undefined],
      ["acting for an account out of reach", customerA1, flow.id, t.accounts.customerA2.name],
      ["a draft-only flow", customerA1, draft.id, undefined],
      ["an id that is not a uuid", customerA1, "not-a-uuid", undefined],
      ["a uuid of nothing", customerA1, randomUUID(), undefined],
    ];
    for (const [label, user, id, actingFor] of cases) {
      const response = await get(user, id, { actingFor });
      expect(response.status, label).toBe(404);
      expect(response.json, label).toEqual(NOT_FOUND);
    }
    const wrong = await get({ ...customerA1, password: "wrong-password" }, flow.id);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe(JSON.stringify(UNAUTHORIZED));
  });

  it("a wrong password is refused even right after the right one, and counted", async () => {
    const user = await createApiUser(t.accounts.customerA1);
    const flow = await flowOf(t.accounts.customerA1);
    const ip = uniqueIp();
    expect((await get(user, flow.id, { ip })).status).toBe(200);
    for (const password of ["wrong", `${user.password}x`, user.password.slice(0, -1), ""]) {
      expect((await get({ ...user, password }, flow.id, { ip })).status, password).toBe(401);
    }
    const counted = await db.authFailureCount.findUnique({
      where: { subject_ip: { subject: failureSubject(user.reseller, user.user), ip } },
    });
    expect(counted?.failures).toBe(4);
    expect((await get(user, flow.id, { ip })).status).toBe(200);
  });

  it(`is 429 for a locked-out API user, even with the right password`, async () => {
    const user = await createApiUser(t.accounts.customerA1);
    const flow = await flowOf(t.accounts.customerA1);
    const ip = uniqueIp();
    expect((await get(user, flow.id, { ip })).status).toBe(200);
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      await get({ ...user, password: `wrong-${attempt}` }, flow.id, { ip });
    }
    expect((await get(user, flow.id, { ip })).status).toBe(429);
  });

  it("verifies a password stored by an older version (scrypt) and rehashes it", async () => {
    const user = await createApiUser(t.accounts.customerA1, hashPassword);
    const flow = await flowOf(t.accounts.customerA1);
    expect((await get(user, flow.id)).status).toBe(200);
    const { passwordHash } = await db.apiCredential.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(isCurrentApiPasswordHash(passwordHash)).toBe(true);
    expect((await get(user, flow.id)).status).toBe(200);
  });
});

describe("a change to a credential or its account stops the very next request", () => {
  // Nothing about a credential is kept between requests: each reads it again in its one query.
  async function inUse(account: { id: string; name: string } = t.accounts.customerA1) {
    const user = await createApiUser(account);
    const flow = await db.callFlow.create({
      data: {
        accountId: t.accounts.customerA1.id,
        name: `Flow ${uniqueSuffix()}`,
        extension: nextExtension(),
        flow: {},
      },
    });
    const actingFor = account.id === t.accounts.customerA1.id ? undefined : t.accounts.customerA1.name;
    const get = (who: ApiUser = user) =>
      callApi("GET", `/voip/flow/${flow.id}`, { headers: authHeaders(who, actingFor), ip: uniqueIp() });
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
    return { user, get };
  }

  it("revoked through the service", async () => {
    const { user, get } = await inUse();
    await revokeApiCredential(contextAs(t.actors.customerA1), { id: user.id });
    expect((await get()).status).toBe(401);
  });

  it("revoked while requests run: none sent after the revocation returned is served", async () => {
    const { user, get } = await inUse();
    let revokedAt: number | null = null;
    const outcomes: { sent: number; status: number }[] = [];
    // Each client keeps sending until it has sent three requests after the revocation returned.
    const client = async () => {
      for (let sentAfter = 0; sentAfter < 3; ) {
        const sent = performance.now();
        if (revokedAt !== null && sent > revokedAt) sentAfter++;
        outcomes.push({ sent, status: (await get()).status });
      }
    };
    const revoke = async () => {
      while (outcomes.filter(({ status }) => status === 200).length < 20) await new Promise((resolve) => setImmediate(resolve));
      await revokeApiCredential(contextAs(t.actors.customerA1), { id: user.id });
      revokedAt = performance.now();
    };
    await Promise.all([...Array.from({ length: 8 }, client), revoke()]);
    const after = outcomes.filter(({ sent }) => sent > revokedAt!);
    expect(after.length).toBe(8 * 3);
    expect(new Set(after.map(({ status }) => status))).toEqual(new Set([401]));
  });

  it("deleted", async () => {
    const { user, get } = await inUse();
    await db.apiCredential.delete({ where: { id: user.id } });
    expect((await get()).status).toBe(401);
  });

  it("given a new password: the old one is refused, the new one works", async () => {
    const { user, get } = await inUse();
    const rotated = { ...user, password: randomBytes(12).toString("hex") };
    await db.apiCredential.update({ where: { id: user.id }, data: { passwordHash: hashApiPassword(rotated.password) } });
    expect((await get()).status).toBe(401);
    expect((await get(rotated)).status).toBe(200);
  });

  it("its account renamed: the old name no longer authenticates", async () => {
    const account = await createAccount(`renamed-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const user = await createApiUser(account);
    const flow = await db.callFlow.create({ data: { accountId: account.id, name: "Renamed", extension: 500, flow: {} } });
    const get = (who: ApiUser) => callApi("GET", `/voip/flow/${flow.id}`, { headers: authHeaders(who), ip: uniqueIp() });
    expect((await get(user)).status).toBe(200);
    const name = `renamed-${uniqueSuffix()}`;
    await db.account.update({ where: { id: account.id }, data: { name } });
    expect((await get(user)).status).toBe(401);
    expect((await get({ ...user, reseller: name })).status).toBe(200);
  });

  it("its account gone: the credential goes with it", async () => {
    const account = await createAccount(`gone-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const user = await createApiUser(account);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: uniqueIp() })).status).toBe(200);
    await db.$transaction([
      db.apiCredential.deleteMany({ where: { accountId: account.id } }),
      db.account.delete({ where: { id: account.id } }),
    ]);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: uniqueIp() })).status).toBe(401);
  });

  it("the account acted for moved out of the reseller's tree: 404 at once", async () => {
    const customer = await createAccount(`moving-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const reseller = await createApiUser(t.accounts.resellerA);
    const flow = await db.callFlow.create({ data: { accountId: customer.id, name: "Moving", extension: 500, flow: {} } });
    const get = () => callApi("GET", `/voip/flow/${flow.id}`, { headers: authHeaders(reseller, customer.name), ip: uniqueIp() });
    expect((await get()).status).toBe(200);
    await db.account.update({
      where: { id: customer.id },
      data: { parentId: t.accounts.resellerB.id, path: `${t.accounts.resellerB.path}${customer.id}/` },
    });
    expect((await get()).status).toBe(404);
  });
});
