import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyApiPassword } from "@/server/auth/api-password";
import { db } from "@/server/db";
import { callerAs, createTenants, uniqueSuffix } from "./fixtures";
import { authHeaders, callApi } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;

beforeAll(async () => {
  t = await createTenants();
});

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("creating an API user", () => {
  it("returns the generated password once, stores only its keyed hash, and audits it", async () => {
    const username = `robot-${uniqueSuffix()}`;
    const lastEvent = await db.auditEvent.findFirst({ where: { accountId: t.accounts.resellerA.id }, orderBy: { id: "desc" } });
    const created = await callerAs(t.actors.resellerA).apiCredentials.create({ username });
    expect(created).toMatchObject({ username, accountId: t.accounts.resellerA.id, revokedAt: null });
    expect(created.password.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(created)).not.toMatch(/hmac|passwordHash/);

    const stored = await db.apiCredential.findUniqueOrThrow({ where: { id: created.id }, omit: { passwordHash: false } });
    expect(stored.passwordHash).toMatch(/^hmac-sha256\$/);
    expect(stored.passwordHash).not.toContain(created.password);
    expect(await verifyApiPassword(created.password, stored.passwordHash)).toEqual({ ok: true });
    expect(await verifyApiPassword(`${created.password}x`, stored.passwordHash)).toEqual({ ok: false });

    const events = await db.auditEvent.findMany({
      where: { accountId: t.accounts.resellerA.id, id: { gt: lastEvent?.id ?? 0n } },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "apicredential.create",
      entityId: created.id,
      channel: "portal",
      actorUserId: t.actors.resellerA.userId,
    });
    expect(JSON.stringify(events[0]!.after)).not.toMatch(/hmac|passwordHash|password/);

    // The password works at once against the REST API.
    const response = await callApi("GET", "/voip/flow", {
      headers: authHeaders({ id: created.id, reseller: t.accounts.resellerA.name, user: username, password: created.password }),
    });
    expect(response.status).toBe(200);
  });

  it("lets a customer create one for its own account", async () => {
    const created = await callerAs(t.actors.customerA1).apiCredentials.create({ username: `own-${uniqueSuffix()}` });
    expect(created.accountId).toBe(t.accounts.customerA1.id);
  });

  it("refuses a name the account already has, at the username field", async () => {
    const username = `twice-${uniqueSuffix()}`;
    await callerAs(t.actors.resellerA).apiCredentials.create({ username });
    const error = await trpcError(callerAs(t.actors.resellerA).apiCredentials.create({ username }));
    expect(error.code).toBe("CONFLICT");
    expect(error.cause).toMatchObject({ issues: [{ path: "username" }] });
  });

  it("refuses an invalid name, and the platform admin's account", async () => {
    expect((await trpcError(callerAs(t.actors.resellerA).apiCredentials.create({ username: "Not Valid!" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await trpcError(callerAs(t.actors.admin).apiCredentials.create({ username: `admin-${uniqueSuffix()}` }))).code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("listing API users", () => {
  it("shows a reseller its own and its customers' API users, a customer only its own; never a hash", async () => {
    const ofReseller = await callerAs(t.actors.resellerA).apiCredentials.create({ username: `r-${uniqueSuffix()}` });
    const ofCustomer = await callerAs(t.actors.customerA2).apiCredentials.create({ username: `c-${uniqueSuffix()}` });
    const ofOther = await callerAs(t.actors.resellerB).apiCredentials.create({ username: `b-${uniqueSuffix()}` });

    const resellerList = (await callerAs(t.actors.resellerA).apiCredentials.list()).items;
    const resellerIds = resellerList.map((credential) => credential.id);
    expect(resellerIds).toEqual(expect.arrayContaining([ofReseller.id, ofCustomer.id]));
    expect(resellerIds).not.toContain(ofOther.id);
    expect(JSON.stringify(resellerList)).not.toMatch(/hmac|passwordHash|password/);

    const customerIds = (await callerAs(t.actors.customerA2).apiCredentials.list()).items.map((credential) => credential.id);
    expect(customerIds).toEqual([ofCustomer.id]);
  });
});

describe("revoking an API user", () => {
  it("stops it at once, is audited once, and is not found for anyone outside the tree", async () => {
    const created = await callerAs(t.actors.customerA1).apiCredentials.create({ username: `rev-${uniqueSuffix()}` });
    const headers = authHeaders({
      id: created.id,
      reseller: t.accounts.customerA1.name,
      user: created.username,
      password: created.password,
    });
    expect((await callApi("GET", "/voip/flow", { headers })).status).toBe(200);

    expect((await trpcError(callerAs(t.actors.resellerB).apiCredentials.revoke({ id: created.id }))).code).toBe("NOT_FOUND");
    expect((await trpcError(callerAs(t.actors.customerA2).apiCredentials.revoke({ id: created.id }))).code).toBe("NOT_FOUND");

    const lastEvent = await db.auditEvent.findFirst({ where: { accountId: t.accounts.customerA1.id }, orderBy: { id: "desc" } });
    // The reseller above may revoke its customer's API user.
    const revoked = await callerAs(t.actors.resellerA).apiCredentials.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await callerAs(t.actors.resellerA).apiCredentials.revoke({ id: created.id });
    const events = await db.auditEvent.findMany({
      where: { accountId: t.accounts.customerA1.id, id: { gt: lastEvent?.id ?? 0n } },
    });
    expect(events.map((event) => event.action)).toEqual(["apicredential.revoke"]);

    expect((await callApi("GET", "/voip/flow", { headers })).status).toBe(401);
  });
});
