import type { ApiActor } from "@/server/auth/actor";
import { clearFailures, lockedForMinutes, recordFailure } from "@/server/auth/failure-limit";
import { decoyPasswordHash, GENERATED_SECRET_PARAMS, verifyPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { resolveActingAccountByName } from "@/server/services/acting-account";

// ─── REST API AUTHENTICATION ─── Only these headers authorize a /voip request. ───
// Browser session cookies are never read here, so a signed-in user's browser cannot be made
// to call the API on their behalf. Every way of failing gives the same answer, and an unknown
// user costs a password verification like a known one, so neither the answer nor its timing
// tells which part was wrong.

/** The account whose credential it is: a reseller's name, or a customer's own name for a
 * customer's credential. */
export const RESELLER_HEADER = "x-auth-reseller";
export const USER_HEADER = "x-auth-user";
export const PASSWORD_HEADER = "x-auth-password";
/** A descendant account to act for; the credential's own account when absent. */
export const ACTING_FOR_HEADER = "x-auth-for";

/** Longer values cannot name an account or an API user, so they are not looked up. */
const MAX_NAME_LENGTH = 64;
/** `lastUsedAt` is kept to this precision, so most requests do not write it. */
const LAST_USED_PRECISION_MS = 60_000;

export type ApiAuthentication =
  | { ok: true; actor: ApiActor }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterMinutes: number };

/** The subject failed attempts are counted under (see server/auth/failure-limit.ts). */
export function failureSubject(reseller: string, user: string): string {
  return `api:${reseller}/${user}`;
}

async function findCredential(reseller: string, username: string) {
  return db.apiCredential.findFirst({
    where: { username, account: { name: reseller } },
    select: {
      id: true,
      username: true,
      passwordHash: true,
      revokedAt: true,
      lastUsedAt: true,
      account: { select: { id: true, name: true, kind: true, path: true } },
    },
  });
}

export async function authenticateApiRequest(headers: Headers, ip: string): Promise<ApiAuthentication> {
  const reseller = headers.get(RESELLER_HEADER) ?? "";
  const user = headers.get(USER_HEADER) ?? "";
  const password = headers.get(PASSWORD_HEADER) ?? "";
  if (!reseller || !user || reseller.length > MAX_NAME_LENGTH || user.length > MAX_NAME_LENGTH) {
    return { ok: false, reason: "invalid" };
  }
  const subject = failureSubject(reseller, user);
  const [lockedMinutes, credential] = await Promise.all([lockedForMinutes(subject, ip), findCredential(reseller, user)]);
  if (lockedMinutes !== null) return { ok: false, reason: "locked", retryAfterMinutes: lockedMinutes };

  const passwordMatches = await verifyPassword(password, credential?.passwordHash ?? (await decoyPasswordHash(GENERATED_SECRET_PARAMS)));
  if (!credential || credential.revokedAt !== null || !passwordMatches) {
    await recordFailure(subject, ip);
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(subject, ip);
  const now = Date.now();
  if (!credential.lastUsedAt || now - credential.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await db.apiCredential.update({ where: { id: credential.id }, data: { lastUsedAt: new Date(now) } });
  }
  const { account } = credential;
  return {
    ok: true,
    actor: {
      via: "api",
      apiCredentialId: credential.id,
      username: credential.username,
      accountId: account.id,
      accountName: account.name,
      accountKind: account.kind,
      accountPath: account.path,
    },
  };
}

/** The account the request acts for: X-Auth-For's, which must be within the actor's reach
 * (anything else is NOT_FOUND, exactly like a name that does not exist), or the actor's own. */
export async function actingAccountId(actor: ApiActor, headers: Headers): Promise<string> {
  const actingFor = headers.get(ACTING_FOR_HEADER)?.trim();
  if (!actingFor) return actor.accountId;
  return (await resolveActingAccountByName(db, actor, actingFor)).id;
}
