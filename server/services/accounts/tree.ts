import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { hashPassword } from "@/server/auth/password";
import { assertPasswordAllowed } from "@/server/auth/password-rules";
import type { TNewUser } from "./schemas";

/** The path of the account `id` placed under a parent path ("/" for the platform root). */
export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

export async function createChildAccount(
  tx: Tx,
  parent: { id: string; path: string },
  input: {
    name: string;
    displayName?: string;
    contactName: string;
    contactEmail?: string;
    planId?: string | null;
    country?: string;
    kind: AccountKind;
  },
) {
  const id = randomUUID();
  return tx.account.create({
    data: {
      id,
      name: input.name,
      displayName: input.displayName ?? "",
      contactName: input.contactName,
      contactEmail: input.contactEmail ?? "",
      planId: input.planId ?? null,
      country: input.country,
      kind: input.kind,
      parentId: parent.id,
      path: childPath(parent.path, id),
    },
  });
}

/** A new user with its password already hashed: hashing takes tens of milliseconds and
 * must not hold a transaction open. */
export type PreparedUser = { email: string; displayName: string; passwordHash: string };

/** `field` names the password field in the caller's input, for the error. */
export async function prepareUser(input: TNewUser, field = "password"): Promise<PreparedUser> {
  assertPasswordAllowed(input.password, field);
  return { email: input.email, displayName: input.displayName, passwordHash: await hashPassword(input.password) };
}

export function createUser(tx: Tx, accountId: string, role: Role, user: PreparedUser) {
  return tx.user.create({ data: { accountId, role, ...user } });
}

/**
 * How many users, and how many child accounts, each of `ids` has: counted for these accounts
 * only (Prisma's `_count` aggregates the whole table, then joins the few rows a page needs).
 */
export async function countsOf(ids: string[]) {
  const [users, children] = await Promise.all([
    db.user.groupBy({ by: ["accountId"], where: { accountId: { in: ids } }, _count: { _all: true } }),
    db.account.groupBy({ by: ["parentId"], where: { parentId: { in: ids } }, _count: { _all: true } }),
  ]);
  const userCounts = new Map(users.map((row) => [row.accountId, row._count._all]));
  const childCounts = new Map(children.map((row) => [row.parentId, row._count._all]));
  return (id: string) => ({ users: userCounts.get(id) ?? 0, children: childCounts.get(id) ?? 0 });
}

/**
 * Turns the database's unique violations into field errors. Account names and emails are
 * platform-wide handles, so saying one is taken is unavoidable; nothing else is revealed.
 */
export function explainUniqueViolation(error: unknown, fields: { name?: string; email?: string }): never {
  if (fields.name && isUniqueViolation(error, "name")) {
    throw new AppError("CONFLICT", "An account with this name already exists", [
      { path: fields.name, message: "An account with this name already exists" },
    ]);
  }
  if (fields.email && isUniqueViolation(error, "email")) {
    throw new AppError("CONFLICT", "A user with this email already exists", [
      { path: fields.email, message: "A user with this email already exists" },
    ]);
  }
  throw error;
}
