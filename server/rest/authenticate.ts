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
import { timestampFromJson } from "@/server/db/json-timestamp";
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

export type ApiAuthentication<Along extends object = Record<string, never>> =
  | {
      ok: true;
      actor: ApiActor;
      /** The account acted for: X-Auth-For's when within the actor's reach, else the actor's
       * own; null when X-Auth-For names no account within reach (404, like a missing one). */
      actingAccountId: string | null;
      /** What the endpoint read along (see ReadAlong), beside authentication's own columns. */
      along: Along;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterMinutes: number };

/** The subject failed attempts are counted under (see server/auth/failure-limit.ts). */
export function failureSubject(reseller: string, user: string): string {
  return `api:${reseller}/${user}`;
}

/** A revoked credential reads as none (its join asks for `revokedAt IS NULL`). The account's name
 * and the user name are the headers' own: the joins match them exactly. */
export type CredentialRow = FailureState & {
  id: string | null;
  passwordHash: string | null;
  lastUsedAt: Date | null;
  accountId: string | null;
  accountKind: AccountKind | null;
  accountPath: string | null;
  /** A suspended account's API users are refused like wrong credentials, from the next request on. */
  accountStatus: string | null;
  actingForId: string | null;
};

/** The row as PostgreSQL writes it in JSON: its timestamps are text. */
type CredentialJson = {
  [Field in keyof CredentialRow]: CredentialRow[Field] extends Date | null ? string | null : CredentialRow[Field];
};

const failureState = failureStateSql("$3", "$4");

/** Authentication's own fields of the row, each an SQL expression (failures over every subject
 * are portal sign-in's, not the API's). */
const CREDENTIAL_FIELDS: Record<Exclude<keyof CredentialRow, "everySubjectFailures" | "everySubjectWindowStart">, string> = {
  id: "c.id",
  passwordHash: `c."passwordHash"`,
  lastUsedAt: `c."lastUsedAt"`,
  accountId: "a.id",
  accountKind: "a.kind",
  accountPath: "a.path",
  accountStatus: "a.status",
  actingForId: "f.id",
  ...failureState.fields,
};

/**
 * What an endpoint reads in authentication's own round trip (GET /voip/flow/{uuid} reads its
 * flow so), as fields and LEFT JOINs added to the credential query. The joins scope to
 * `ACTING_ACCOUNT_ID`, which is the account acted for only when X-Auth-For is absent or names an
 * account within the credential's reach, else null, so they never reach out of the tree. The
 * row is read before the password is checked and is handed on only after it passed. Its
 * parameters follow authentication's five: $6, $7...
 */
export type ReadAlong<Params, Along extends object> = {
  /** Each field's name and its SQL expression; PostgreSQL writes its value in JSON. */
  fields: Record<string, string>;
  joins: string;
  values: (params: Params) => unknown[];
  /** The endpoint's value, from its own fields of the row: never the credential's. */
  read: (row: Readonly<Record<string, unknown>>) => Along;
};

/** The account acted for, as an SQL expression over the credential query's tables. */
export const ACTING_ACCOUNT_ID = `(CASE WHEN $5 = '' THEN a.id ELSE f.id END)`;

/**
 * Everything authentication needs, in one round trip: the credential and its account, the
 * account X-Auth-For names if it is within the credential's reach, and the failure counts.
 * Read per request, never cached, so a revoked or rotated credential, or a removed account, is
 * refused by the very next request on every server: nothing has to tell the other instances.
 * No cache of verifications either: one is an HMAC of about 2 µs, and a cache would still need
 * this row (it is what makes revocation exact) and a hash of the presented password to find its
 * entry, so it would save under 2 µs of the request's ~100 µs of CPU (README, REST API).
 *
 * The row is one JSON column, `row`: the driver's work on a row grows with its columns (about half
 * a microsecond each, for the names it reads and the object it builds), and the dozen-odd fields
 * here cost it more than one JSON.parse of them all. json_build_object takes at most 50 fields.
 * Parameters: $1 account name, $2 user name, $3 failure subject, $4 client address, $5 X-Auth-For ('' for none).
 */
function credentialSql(along?: Pick<ReadAlong<never, object>, "fields" | "joins">): string {
  const fields = Object.entries({ ...CREDENTIAL_FIELDS, ...along?.fields }).map(([name, sql]) => `'${name}', ${sql}`);
  return `
SELECT json_build_object(
         ${fields.join(",\n         ")}
       ) AS row
  FROM (SELECT 1) AS one
  LEFT JOIN "Account" a ON a.name = $1
  LEFT JOIN "ApiCredential" c ON c."accountId" = a.id AND c.username = $2 AND c."revokedAt" IS NULL
  LEFT JOIN "Account" f ON $5 <> '' AND f.name = $5 AND starts_with(f.path, a.path)
  ${failureState.joins}${along ? `\n  ${along.joins}` : ""}`;
}

/** Exported so the API benchmark's baselines send the same SQL (and read it with credentialRow). */
export const CREDENTIAL_SQL = preparedStatement(credentialSql());

/** Authentication's row from the query's JSON column, its timestamps as Dates. */
export function credentialRow(json: CredentialJson): CredentialRow {
  return {
    ...json,
    lastUsedAt: timestampFromJson(json.lastUsedAt),
    addressWindowStart: timestampFromJson(json.addressWindowStart),
    userWindowStart: timestampFromJson(json.userWindowStart),
    knownSince: timestampFromJson(json.knownSince),
  };
}

/**
 * Authenticates a request from its headers, reading `along`'s fields in the same query. Built
 * once per endpoint, so each endpoint's query is one fixed text, prepared once per connection.
 */
export function apiAuthenticator<Params, Along extends object = Record<string, never>>(
  along?: ReadAlong<Params, Along>,
): (headers: Headers, ip: string, params: Params) => Promise<ApiAuthentication<Along>> {
  const sql = along ? preparedStatement(credentialSql(along)) : CREDENTIAL_SQL;
  const read = along?.read ?? (() => ({}) as Along);
  return (headers, ip, params) => authenticate<Along>(sql, read, along ? along.values(params) : [], headers, ip);
}

async function authenticate<Along extends object>(
  sql: string,
  readAlong: (row: Readonly<Record<string, unknown>>) => Along,
  alongValues: unknown[],
  headers: Headers,
  ip: string,
): Promise<ApiAuthentication<Along>> {
  const reseller = headers.get(RESELLER_HEADER) ?? "";
  const user = headers.get(USER_HEADER) ?? "";
  const password = headers.get(PASSWORD_HEADER) ?? "";
  const actingFor = headers.get(ACTING_FOR_HEADER)?.trim() ?? "";
  if (!reseller || !user || reseller.length > MAX_NAME_LENGTH || user.length > MAX_NAME_LENGTH) {
    return { ok: false, reason: "invalid" };
  }
  const subject = failureSubject(reseller, user);
  // The query always answers one row: its FROM is one row, and every join is a LEFT JOIN.
  const [result] = await preparedQuery<{ row: CredentialJson & Record<string, unknown> }>(sql, [
    reseller,
    user,
    subject,
    failureAddress(ip),
    actingFor,
    ...alongValues,
  ]);
  const { row } = result!;
  const state = credentialRow(row);
  const lockedMinutes = lockedForMinutes(state);
  if (lockedMinutes !== null) return { ok: false, reason: "locked", retryAfterMinutes: lockedMinutes };

  const credential = state.id !== null && state.accountStatus !== "suspended" ? state : null;
  const verification = await verifyApiPassword(password, credential?.passwordHash ?? null);
  if (!credential || !verification.ok) {
    const pastLimit = await recordFailure(subject, ip, state);
    // Wrong guesses racing past the limit get 429 too: their answer never depends on the password.
    return pastLimit === null ? { ok: false, reason: "invalid" } : { ok: false, reason: "locked", retryAfterMinutes: pastLimit };
  }
  // Most successes write nothing: then nothing is awaited either.
  const writes = [recordSuccess(subject, ip, state), keepCredentialCurrent(credential, verification.upgradedHash)];
  if (writes.some(Boolean)) await Promise.all(writes);
  return {
    ok: true,
    actor: {
      via: "api",
      apiCredentialId: credential.id!,
      username: user,
      accountId: credential.accountId!,
      accountName: reseller,
      accountKind: credential.accountKind!,
      accountPath: credential.accountPath!,
    },
    actingAccountId: actingFor ? state.actingForId : credential.accountId,
    along: readAlong(row),
  };
}

/** Writes only when there is something to write: an old hash to upgrade, a stale lastUsedAt; else null. */
function keepCredentialCurrent(credential: CredentialRow, upgradedHash: string | undefined): Promise<unknown> | null {
  const now = Date.now();
  const lastUsedIsStale = !credential.lastUsedAt || now - credential.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS;
  if (!upgradedHash && !lastUsedIsStale) return null;
  return db.apiCredential.updateMany({
    // Conditional on the hash read, so an upgrade never overwrites a password changed meanwhile.
    where: { id: credential.id!, passwordHash: credential.passwordHash! },
    data: { ...(upgradedHash ? { passwordHash: upgradedHash } : {}), ...(lastUsedIsStale ? { lastUsedAt: new Date(now) } : {}) },
  });
}
