import { randomInt } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Actor } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { TCallFlowInput } from "@/server/domain/call-flow";
import type { createTenants } from "./fixtures";

export type Tenants = Awaited<ReturnType<typeof createTenants>>;

/** The roles an authorization matrix calls each procedure as, seen from customer A1's data. */
export type Role = "admin" | "ownerReseller" | "otherReseller" | "owner" | "sibling" | "signedOut";
export const ROLES: readonly Role[] = ["admin", "ownerReseller", "otherReseller", "owner", "sibling", "signedOut"];

/** Who each role is among the fixture tenants; signedOut is nobody. */
export function actorOfRole(t: Tenants, role: Role): Actor | null {
  const actors: Record<Role, Actor | null> = {
    admin: t.actors.admin,
    ownerReseller: t.actors.resellerA,
    otherReseller: t.actors.resellerB,
    owner: t.actors.customerA1,
    sibling: t.actors.customerA2,
    signedOut: null,
  };
  return actors[role];
}

/** The tRPC code a call ends with, or "OK". Anything but a TRPCError fails the test. */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

/** The TRPCError a call must end with. */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** The field issues a TRPCError carries from a service (see the error formatter). */
export function issuesOf(error: TRPCError): { path: string; message: string }[] {
  return (error.cause as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
}

/** Runs `change` and returns the audit events it wrote for any of the accounts, oldest first. */
export async function auditEventsDuring(accountIds: string[], change: () => Promise<unknown>) {
  const last = await db.auditEvent.findFirst({
    where: { accountId: { in: accountIds } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  await change();
  return db.auditEvent.findMany({ where: { accountId: { in: accountIds }, id: { gt: last?.id ?? 0n } }, orderBy: { id: "asc" } });
}

export function accountIdsOf(t: Tenants): string[] {
  return Object.values(t.accounts).map((account) => account.id);
}

/** The smallest valid flow: start, then a busy tone. */
export function busyFlow(extension: number, name = "Busy"): TCallFlowInput {
  return { name, extension, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } } };
}

/** A phone number no other test file will pick: numbers are unique platform-wide. */
export function uniquePhoneNumber(): string {
  return `+4420${randomInt(10_000_000, 99_999_999)}`;
}

/** Hands out increasing numbers, for extensions and mailbox numbers that must not collide. */
export function counter(start: number): () => number {
  let next = start;
  return () => next++;
}
