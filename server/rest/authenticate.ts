import type { ApiActor } from "@/server/auth/actor";
import { verifyApiPassword } from "@/server/auth/api-password";
import {
  failureAddress,
  failureStateSql,
  lockedForMinutes,
  recordFailure,
  recordSuccess,
  type FailureState,
} from "@/server/auth/failure-limit";
import { db, preparedQuery } from "@/server/db";
import { preparedStatement } from "@/server/db/prepared-statements";
import type { AccountKind } from "@/server/generated/prisma/enums";

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

export type ApiAuthentication<Row extends object = Record<string, never>> =
  | {
      ok: true;
      actor: ApiActor;
      /** The account acted for: X-Auth-For's when within the actor's reach, else the actor's
       * own; null when X-Auth-For names no account within reach (404, like a missing one). */
      actingAccountId: string | null;
      /** The columns the endpoint read along (see ReadAlong), beside authentication's own. */
      along: Row;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterMinutes: number };

/** The subject failed attempts are counted under (see server/auth/failure-limit.ts). */
export function failureSubject(reseller: string, user: string): string {
  return `api:${reseller}/${user}`;
}

type CredentialRow = FailureState & {
  id: string | null;
  username: string | null;
  passwordHash: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  accountId: string | null;
  accountName: string | null;
  accountKind: AccountKind | null;
  accountPath: string | null;
  actingForId: string | null;
};

const failureState = failureStateSql("$3", "$4");

/**
 * What an endpoint reads in authentication's own round trip (GET /voip/flow/{uuid} reads its
 * flow so), as columns and LEFT JOINs appended to the credential query. The joins scope to
 * `ACTING_ACCOUNT_ID`, which is the account acted for only when X-Auth-For is absent or names an
 * account within the credential's reach, else null, so they never reach out of the tree. The
 * row is read before the password is checked and is handed on only after it passed. Its
 * parameters follow authentication's five: $6, $7...
 */
export type ReadAlong<Params> = {
  /** Each output column's name and its SQL expression. */
  columns: Record<string, string>;
  joins: string;
  values: (params: Params) => unknown[];
};

/** The account acted for, as an SQL expression over the credential query's tables. */
export const ACTING_ACCOUNT_ID = `(CASE WHEN $5 = '' THEN a.id ELSE f.id END)`;

/**
 * Everything authentication needs, in one round trip: the credential and its account, the
 * account X-Auth-For names if it is within the credential's reach, and the failure counts.
 * Read per request, never cached, so a revoked or rotated credential, or a removed account, is
 * refused by the very next request on every server: nothing has to tell the other instances.
 * (API passwords verify with one HMAC, so a cache of verifications would save microseconds.)
 * Parameters: $1 account name, $2 user name, $3 failure subject, $4 client address, $5 X-Auth-For ('' for none).
 */
function credentialSql(along?: Omit<ReadAlong<never>, "values">): string {
  const alongColumns = along ? Object.entries(along.columns).map(([name, sql]) => `${sql} AS "${name}"`) : [];
  return `
SELECT c.id, c.username, c."passwordHash", c."revokedAt", c."lastUsedAt",
       a.id AS "accountId", a.name AS "accountName", a.kind AS "accountKind", a.path AS "accountPath",
       f.id AS "actingForId",
       ${[failureState.columns, ...alongColumns].join(",\n       ")}
  FROM (SELECT 1) AS one
  LEFT JOIN "Account" a ON a.name = $1
  LEFT JOIN "ApiCredential" c ON c."accountId" = a.id AND c.username = $2
  LEFT JOIN "Account" f ON $5 <> '' AND f.name = $5 AND starts_with(f.path, a.path)
  ${failureState.joins}${along ? `\n  ${along.joins}` : ""}`;
}

/** Exported so the API benchmark's bare server sends the same SQL. */
export const CREDENTIAL_SQL = preparedStatement(credentialSql());

/**
 * Authenticates a request from its headers, reading `along`'s columns in the same query. Built
 * once per endpoint, so each endpoint's query is one fixed text, prepared once per connection.
 */
export function apiAuthenticator<Params, Row extends object = Record<string, never>>(
  along?: ReadAlong<Params>,
): (headers: Headers, ip: string, params: Params) => Promise<ApiAuthentication<Row>> {
  const sql = along ? preparedStatement(credentialSql(along)) : CREDENTIAL_SQL;
  const names = Object.keys(along?.columns ?? {});
  return (headers, ip, params) => authenticate<Row>(sql, names, along ? along.values(params) : [], headers, ip);
}

async function authenticate<Row extends object>(
  sql: string,
  alongNames: string[],
  alongValues: unknown[],
  headers: Headers,
  ip: string,
): Promise<ApiAuthentication<Row>> {
  const reseller = headers.get(RESELLER_HEADER) ?? "";
  const user = headers.get(USER_HEADER) ?? "";
  const password = headers.get(PASSWORD_HEADER) ?? "";
  const actingFor = headers.get(ACTING_FOR_HEADER)?.trim() ?? "";
  if (!reseller || !user || reseller.length > MAX_NAME_LENGTH || user.length > MAX_NAME_LENGTH) {
    return { ok: false, reason: "invalid" };
  }
  const subject = failureSubject(reseller, user);
  const [row] = await preparedQuery<CredentialRow & Row>(sql, [
    reseller,
    user,
    subject,
    failureAddress(ip),
    actingFor,
    ...alongValues,
  ]);
  const state = row!;
  const lockedMinutes = lockedForMinutes(state);
  if (lockedMinutes !== null) return { ok: false, reason: "locked", retryAfterMinutes: lockedMinutes };

  const credential = state.id !== null && state.revokedAt === null ? state : null;
  const verification = await verifyApiPassword(password, credential?.passwordHash ?? null);
  if (!credential || !verification.ok) {
    const pastLimit = await recordFailure(subject, ip, state);
    // Wrong guesses racing past the limit get 429 too: their answer never depends on the password.
    return pastLimit === null ? { ok: false, reason: "invalid" } : { ok: false, reason: "locked", retryAfterMinutes: pastLimit };
  }
  await Promise.all([recordSuccess(subject, ip, state), keepCredentialCurrent(credential, verification.upgradedHash)]);
  return {
    ok: true,
    actor: {
      via: "api",
      apiCredentialId: credential.id!,
      username: credential.username!,
      accountId: credential.accountId!,
      accountName: credential.accountName!,
      accountKind: credential.accountKind!,
      accountPath: credential.accountPath!,
    },
    actingAccountId: actingFor ? state.actingForId : credential.accountId,
    // Only the endpoint's own columns go on: never the credential's hash.
    along: Object.fromEntries(alongNames.map((name) => [name, state[name as keyof typeof state]])) as Row,
  };
}

/** Writes only when there is something to write: an old hash to upgrade, a stale lastUsedAt. */
async function keepCredentialCurrent(credential: CredentialRow, upgradedHash: string | undefined): Promise<void> {
  const now = Date.now();
  const lastUsedIsStale = !credential.lastUsedAt || now - credential.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS;
  if (!upgradedHash && !lastUsedIsStale) return;
  await db.apiCredential.updateMany({
    // Conditional on the hash read, so an upgrade never overwrites a password changed meanwhile.
    where: { id: credential.id!, passwordHash: credential.passwordHash! },
    data: { ...(upgradedHash ? { passwordHash: upgradedHash } : {}), ...(lastUsedIsStale ? { lastUsedAt: new Date(now) } : {}) },
  });
}
