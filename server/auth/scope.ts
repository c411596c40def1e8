import type { Prisma } from "@/server/generated/prisma/client";
import type { Principal } from "./actor";

/** What scoping needs of a principal: where it stands in the tenant tree. */
type Reach = Pick<Principal, "accountId" | "accountPath">;

// ─── TENANT ISOLATION ─── Every query on tenant-owned rows builds its `where` here. ───
// An actor reaches its own account and the accounts below it, nothing else. A row outside
// that reach is simply not matched, so callers answer "not found", never "forbidden".

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs and request bodies; one that cannot be an id cannot be found either. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Accounts the actor may see: its own and its descendants. */
export function accountsWithinReach(actor: Reach): Prisma.AccountWhereInput {
  return { path: { startsWith: actor.accountPath } };
}

/** Accounts strictly below the actor's own (its customers, their sub-accounts...). */
export function descendantAccounts(actor: Reach): Prisma.AccountWhereInput {
  return { path: { startsWith: actor.accountPath }, NOT: { id: actor.accountId } };
}

export function accountWhere(actor: Reach, id: string): Prisma.AccountWhereInput {
  return { id, ...accountsWithinReach(actor) };
}

export function userWhere(actor: Reach, id: string): Prisma.UserWhereInput {
  return { id, account: accountsWithinReach(actor) };
}

export function apiCredentialWhere(actor: Reach, id: string): Prisma.ApiCredentialWhereInput {
  return { id, account: accountsWithinReach(actor) };
}
