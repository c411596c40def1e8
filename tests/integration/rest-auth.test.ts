import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_FAILURES } from "@/server/auth/failure-limit";
import { failureSubject } from "@/server/rest/authenticate";
import { db } from "@/server/db";
import { createTenants, createUserIn, uniqueSuffix } from "./fixtures";
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
