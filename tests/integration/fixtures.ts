import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { loadActor, type Actor } from "@/server/auth/actor";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { childPath } from "@/server/services/accounts/tree";
import { createCaller } from "@/server/trpc/root";

export const FIXTURE_PASSWORD = "fixture-password";
let fixtureHash: Promise<string> | undefined;

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export async function createAccount(name: string, kind: AccountKind, parent: { id: string; path: string } | null) {
  const id = randomUUID();
  return db.account.create({
    data: { id, name, kind, parentId: parent?.id ?? null, path: childPath(parent?.path ?? "/", id) },
  });
}

export async function createUserIn(account: { id: string }, role: Role, email: string) {
  if (!fixtureHash) fixtureHash = hashPassword(FIXTURE_PASSWORD);
  const passwordHash = await fixtureHash;
  return db.user.create({ data: { accountId: account.id, role, email, displayName: email.split("@")[0]!, passwordHash } });
}

export async function actorFor(account: { id: string }, role: Role, email: string): Promise<Actor> {
  const user = await createUserIn(account, role, email);
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("fixture user could not act");
  return actor;
}

/**
 * A private platform for one test file: two resellers A and B, customers A1 and A2 under A,
 * B1 under B, one user each. Names carry a random suffix so files can run side by side.
 */
export async function createTenants() {
  const s = uniqueSuffix();
  const root = await createAccount(`root-${s}`, "platform", null);
  const resellerA = await createAccount(`reseller-a-${s}`, "reseller", root);
  const resellerB = await createAccount(`reseller-b-${s}`, "reseller", root);
  const customerA1 = await createAccount(`customer-a1-${s}`, "customer", resellerA);
  const customerA2 = await createAccount(`customer-a2-${s}`, "customer", resellerA);
  const customerB1 = await createAccount(`customer-b1-${s}`, "customer", resellerB);
  const actors = {
    admin: await actorFor(root, "admin", `admin-${s}@example.test`),
    resellerA: await actorFor(resellerA, "reseller", `reseller-a-${s}@example.test`),
    resellerB: await actorFor(resellerB, "reseller", `reseller-b-${s}@example.test`),
    customerA1: await actorFor(customerA1, "customer", `customer-a1-${s}@example.test`),
    customerA2: await actorFor(customerA2, "customer", `customer-a2-${s}@example.test`),
    customerB1: await actorFor(customerB1, "customer", `customer-b1-${s}@example.test`),
  };
  return { suffix: s, accounts: { root, resellerA, resellerB, customerA1, customerA2, customerB1 }, actors };
}

export function callerAs(actor: Actor | null) {
  return createCaller({ actor, ip: "203.0.113.7", userAgent: "integration-test" });
}

export function contextAs(actor: Actor) {
  return { principal: actor, ip: "203.0.113.7", userAgent: "integration-test" };
}

/** A real portal session token, as next-auth sets it at sign-in. */
export async function sessionToken(userId: string, sessionVersion: number): Promise<string> {
  return encode({ token: { sub: userId, sv: sessionVersion }, secret: process.env.NEXTAUTH_SECRET! });
}

/** The actor of the same user as it is now (after an enrolment, say). */
export async function reload(actor: Actor): Promise<Actor> {
  const fresh = await loadActor(actor.userId);
  if (!fresh) throw new Error("actor cannot act");
  return fresh;
}
