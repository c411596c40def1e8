import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCurrentApiPasswordHash } from "@/server/auth/api-password";
import { CLIENT_IP_HEADER, clientIp } from "@/server/auth/client-ip";
import { MAX_FAILURES, MAX_FAILURES_PER_USER } from "@/server/auth/failure-limit";
import { hashPassword } from "@/server/auth/password";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { createPortalServer } from "@/server/http/portal-server";
import { failureSubject } from "@/server/rest/authenticate";
import { revokeApiCredential } from "@/server/services/api-credentials/api-credentials";
import { createTenants, createUserIn, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";
import { authHeaders, busyFlow, callApi, createApiUser, uniqueIp } from "./rest-client";

// The REST API and sign-in from an attacker's side: headers that claim another address, guesses
// in parallel or spread over many addresses, and credentials that should stop working.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;

beforeAll(async () => {
  t = await createTenants();
});

const requestContext = (ip: string) => ({ ip, userAgent: "security-test" });

describe("API passwords", () => {
  it("a revoked credential stops working at once", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user) })).status).toBe(200);
    await revokeApiCredential({ principal: t.actors.resellerA, ...requestContext("203.0.113.9") }, { id: user.id });
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user) })).status).toBe(401);
  });

  it("a credential with an old scrypt hash still works and is upgraded to the keyed hash on that use", async () => {
    const user = await createApiUser(t.accounts.resellerA, hashPassword);
    const stored = () => db.apiCredential.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    const old = (await stored()).passwordHash;
    expect(old).toMatch(/^scrypt\$/);
    // A wrong password does not upgrade anything.
    expect(
      (await callApi("GET", "/voip/flow", { headers: authHeaders({ ...user, password: "wrong" }), ip: uniqueIp() })).status,
    ).toBe(401);
    expect((await stored()).passwordHash).toBe(old);

    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user) })).status).toBe(200);
    const upgraded = (await stored()).passwordHash;
    expect(isCurrentApiPasswordHash(upgraded)).toBe(true);
    expect(upgraded).not.toContain(user.password);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user) })).status).toBe(200);
    expect(
      (await callApi("GET", "/voip/flow", { headers: authHeaders({ ...user, password: `${user.password}x` }), ip: uniqueIp() }))
        .status,
    ).toBe(401);
  });
});

describe("parallel guessing", () => {
  it(`30 parallel wrong API passwords: at most ${MAX_FAILURES} are checked, the rest get 429`, async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const ip = uniqueIp();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        callApi("GET", "/voip/flow", { headers: authHeaders({ ...user, password: `wrong-${i}` }), ip }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - MAX_FAILURES);
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip })).status).toBe(429);
  });

  it(`30 parallel wrong sign-in passwords: at most ${MAX_FAILURES} are checked`, async () => {
    const user = await createUserIn(t.accounts.customerA1, "customer", `guessed-${uniqueSuffix()}@example.test`);
    const ip = uniqueIp();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signInWithPassword(user.email, `wrong-${i}`, ip)));
    const reasons = results.map((result) => (result.ok ? "ok" : result.reason));
    expect(reasons.filter((reason) => reason === "invalid")).toHaveLength(MAX_FAILURES);
    expect(reasons.filter((reason) => reason === "locked")).toHaveLength(30 - MAX_FAILURES);
  });
});

describe("guessing spread over many addresses", () => {
  it(`locks an API user everywhere after ${MAX_FAILURES_PER_USER} failures, except at an address it recently succeeded from`, async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const ownersAddress = uniqueIp();
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: ownersAddress })).status).toBe(200);

    // Few failures per address, many addresses: the per-address limit is never reached.
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
      const response = await callApi("GET", "/voip/flow", {
        headers: authHeaders({ ...user, password: `wrong-${i}` }),
        ip: uniqueIp(),
      });
      expect(response.status).toBe(401);
    }
    const elsewhere = await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: uniqueIp() });
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get("retry-after"))).toBeGreaterThan(0);
    // The owner's own client keeps working: the attacker cannot lock it out.
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip: ownersAddress })).status).toBe(200);
    const perUser = await db.authFailureCount.findUnique({
      where: { subject_ip: { subject: failureSubject(user.reseller, user.user), ip: "*" } },
    });
    expect(perUser?.failures).toBe(MAX_FAILURES_PER_USER);
  });

  it("the limit ends with its window", async () => {
    const user = await createApiUser(t.accounts.resellerA);
    const subject = failureSubject(user.reseller, user.user);
    const ip = uniqueIp();
    const opened = new Date(Date.now() - 16 * 60_000);
    await db.authFailureCount.createMany({
      data: [
        { subject, ip, windowStart: opened, failures: MAX_FAILURES },
        { subject, ip: "*", windowStart: opened, failures: MAX_FAILURES_PER_USER },
      ],
    });
    expect((await callApi("GET", "/voip/flow", { headers: authHeaders(user), ip })).status).toBe(200);
  });
});

describe("the client address, through the portal's HTTP server", () => {
  let server: Server | undefined;
  /** What Next.js's handler would be given: the address the server worked out. */
  const seenByNext: string[] = [];

  async function start(trustProxyHops: number): Promise<string> {
    server?.close();
    server = createPortalServer({
      trustProxyHops,
      next: (request, response) => {
        seenByNext.push(clientIp(request.headers as Record<string, string>));
        response.end("next");
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterAll(() => {
    server?.close();
  });

  it("without TRUST_PROXY_HOPS, rotating X-Forwarded-For (or sending the internal header) does not get past the limit", async () => {
    const base = await start(0);
    const user = await createApiUser(t.accounts.resellerA);
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES + 2; i++) {
      const response = await fetch(`${base}/voip/flow`, {
        headers: {
          ...authHeaders({ ...user, password: `wrong-${i}` }),
          "X-Forwarded-For": uniqueIp(),
          [CLIENT_IP_HEADER]: uniqueIp(),
        },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array<number>(MAX_FAILURES).fill(401), 429, 429]);
    const counted = await db.authFailureCount.findMany({
      where: { subject: failureSubject(user.reseller, user.user), ip: { not: "*" } },
    });
    expect(counted).toMatchObject([{ ip: "127.0.0.1", failures: MAX_FAILURES }]);

    seenByNext.length = 0;
    await fetch(`${base}/sign-in`, { headers: { "X-Forwarded-For": "198.51.100.77", [CLIENT_IP_HEADER]: "198.51.100.78" } });
    expect(seenByNext).toEqual(["127.0.0.1"]);
  });

  it("with TRUST_PROXY_HOPS=1, the last X-Forwarded-For entry is the address, for the limits, the audit trail and Next alike", async () => {
    const base = await start(1);
    const user = await createApiUser(t.accounts.resellerA);
    for (let i = 0; i < MAX_FAILURES + 2; i++) {
      const response = await fetch(`${base}/voip/flow`, {
        headers: { ...authHeaders({ ...user, password: `wrong-${i}` }), "X-Forwarded-For": `203.0.113.1, 198.51.100.${i + 1}` },
      });
      // Each address is a different client to the limits: none reaches its own.
      expect(response.status).toBe(401);
    }
    const counted = await db.authFailureCount.findMany({
      where: { subject: failureSubject(user.reseller, user.user), ip: { not: "*" } },
    });
    expect(counted.map((row) => row.ip).sort()).toEqual(
      Array.from({ length: MAX_FAILURES + 2 }, (_, i) => `198.51.100.${i + 1}`).sort(),
    );

    const created = await fetch(`${base}/voip/flow`, {
      method: "POST",
      headers: {
        ...authHeaders(user, t.accounts.customerA2.name),
        "Content-Type": "application/json",
        "X-Forwarded-For": "10.9.9.9, 192.0.2.200",
      },
      body: JSON.stringify(busyFlow(760)),
    });
    expect(created.status).toBe(201);
    const { result } = (await created.json()) as { result: { uuid: string } };
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: result.uuid, action: "callflow.create" } });
    expect(event.ip).toBe("192.0.2.200");

    seenByNext.length = 0;
    await fetch(`${base}/sign-in`, { headers: { "X-Forwarded-For": "10.0.0.1, 198.51.100.99" } });
    expect(seenByNext).toEqual(["198.51.100.99"]);
  });
});

describe("sign-in shares the limits", () => {
  it("signing in from an address clears only that address's failures, never the per-user count", async () => {
    const user = await createUserIn(t.accounts.customerA1, "customer", `clears-${uniqueSuffix()}@example.test`);
    const ip = uniqueIp();
    await signInWithPassword(user.email, "wrong", ip);
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, ip)).ok).toBe(true);
    expect(await db.authFailureCount.findUnique({ where: { subject_ip: { subject: user.email, ip } } })).toBeNull();
    expect((await db.authFailureCount.findUnique({ where: { subject_ip: { subject: user.email, ip: "*" } } }))?.failures).toBe(1);
  });
});
