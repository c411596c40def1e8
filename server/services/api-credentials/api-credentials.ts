import { randomBytes } from "node:crypto";
import type { RequestContext } from "@/server/auth/actor";
import { hashApiPassword } from "@/server/auth/api-password";
import { accountsWithinReach, apiCredentialWhere, isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { recordChange } from "../audit/record";
import { nameContains, pageOf, pageQuery, type ListOrder, type TListInput } from "../paging";
import type { TCreateApiCredentialInput, TRevokeApiCredentialInput } from "./schemas";

// API users ("credentials") let machines call the REST API for an account. The password is
// generated here, shown once and stored only as a keyed hash (server/auth/api-password.ts);
// nothing here ever returns it again (the database client omits hashes unless a query asks
// for one by name).

const credentialSummary = {
  id: true,
  username: true,
  accountId: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  account: { select: { name: true } },
} as const;

/** 24 random bytes: 192 bits, far beyond guessing even without the failure limit. */
function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/** What the audit trail keeps of a credential: never its hash. */
function auditSnapshot(credential: { id: string; username: string; accountId: string; revokedAt: Date | null }) {
  return { id: credential.id, username: credential.username, accountId: credential.accountId, revokedAt: credential.revokedAt };
}

const NEWEST_FIRST: ListOrder = { field: "createdAt", type: "date", direction: "desc" };

/** One page of the API users of the principal's account and of the accounts below it, newest
 * first, those whose name contains `search`. */
export async function listApiCredentials({ principal }: RequestContext, input: TListInput) {
  const page = pageQuery<Prisma.ApiCredentialWhereInput, Prisma.ApiCredentialOrderByWithRelationInput>(NEWEST_FIRST, input);
  const rows = await db.apiCredential.findMany({
    where: { AND: [{ account: accountsWithinReach(principal) }, nameContains("username", input.search), page.where] },
    orderBy: page.orderBy,
    take: page.take,
    select: credentialSummary,
  });
  return pageOf(rows, NEWEST_FIRST, input.limit);
}

/** A new API user of the principal's own account; the generated password is returned once. */
export async function createApiCredential(ctx: RequestContext, input: TCreateApiCredentialInput) {
  const { principal } = ctx;
  // The platform's own account reaches every tenant: it gets no API users.
  if (principal.accountKind === "platform") {
    throw new AppError("FORBIDDEN", "API users belong to reseller and customer accounts");
  }
  const password = generatePassword();
  const passwordHash = hashApiPassword(password);
  try {
    const created = await accountWriteTransaction(principal.accountId, async (tx) => {
      const credential = await tx.apiCredential.create({
        data: { accountId: principal.accountId, username: input.username, passwordHash },
        select: credentialSummary,
      });
      await recordChange(tx, ctx, {
        accountId: principal.accountId,
        action: "apicredential.create",
        entityType: "apicredential",
        entityId: credential.id,
        after: auditSnapshot(credential),
      });
      return credential;
    });
    return { ...created, password };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Revoked API users keep their names, so a name is never reused for another holder.
    const message = "This account already has an API user with this name (revoked ones included)";
    throw new AppError("CONFLICT", message, [{ path: "username", message }]);
  }
}

/** Revokes an API user within the principal's reach at once; revoking it again changes nothing. */
export async function revokeApiCredential(ctx: RequestContext, input: TRevokeApiCredentialInput) {
  if (!isUuid(input.id)) throw notFound("API user");
  // A change of the credential's own account, which may be one below the principal's.
  const owner = await db.apiCredential.findFirst({
    where: apiCredentialWhere(ctx.principal, input.id),
    select: { accountId: true },
  });
  if (!owner) throw notFound("API user");
  return accountWriteTransaction(owner.accountId, async (tx) => {
    const current = await tx.apiCredential.findFirst({
      where: apiCredentialWhere(ctx.principal, input.id),
      select: credentialSummary,
    });
    if (!current) throw notFound("API user");
    // Conditional, so of two revocations racing only one changes the row and is audited.
    const { count } = await tx.apiCredential.updateMany({
      where: { id: current.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const revoked = await tx.apiCredential.findUniqueOrThrow({ where: { id: current.id }, select: credentialSummary });
    if (count === 0) return revoked;
    await recordChange(tx, ctx, {
      accountId: current.accountId,
      action: "apicredential.revoke",
      entityType: "apicredential",
      entityId: current.id,
      before: auditSnapshot(current),
      after: auditSnapshot(revoked),
    });
    return revoked;
  });
}
