import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { config } from "@/server/config";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";

/**
 * Who is making a request: derived once per request from the session, always re-read from
 * the database so a disabled user or a changed role takes effect on the very next request.
 */
export type Actor = {
  via: "portal";
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  accountId: string;
  accountName: string;
  accountKind: AccountKind;
  /** The account's position in the tenant tree; every scoping rule starts from it. */
  accountPath: string;
  twoFactorEnabled: boolean;
  /** The user's session version now (equal to the session token's when loaded from one). */
  sessionVersion: number;
  /** Staff must use two-factor sign-in (REQUIRE_2FA_FOR_STAFF) and have not set it up yet:
   * until they do, they can only enrol (server/auth/require.ts, server/trpc/procedures.ts). */
  mustEnrolTwoFactor: boolean;
};

/**
 * The actor of a user id. With `sessionVersion` (from a session token), a token issued before
 * the user's last "sign out everywhere" or password change gets null, like a disabled user.
 * Inside a transaction pass its `tx`: the embedded database has one connection, so a read
 * through `db` there waits for the transaction that holds it.
 */
export async function loadActor(userId: string, session?: { sessionVersion: number }, reader: Tx = db): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  // One round trip for the user and its account (an `include` costs Prisma two): every portal
  // request starts here.
  const [user] = await reader.$queryRaw<ActorRow[]>`
    SELECT u.id, u.email, u."displayName", u.role::text AS role, u."accountId", u.disabled, u."sessionVersion",
           u."totpSecret" IS NOT NULL AS "twoFactorEnabled",
           a.name AS "accountName", a.kind::text AS "accountKind", a.path AS "accountPath", a.status::text AS "accountStatus"
      FROM "User" u JOIN "Account" a ON a.id = u."accountId"
     WHERE u.id = ${userId}::uuid`;
  // A suspended customer's users act no more: their sessions fail on their next request.
  if (!user || user.disabled || user.accountStatus === "suspended") return null;
  if (session && session.sessionVersion !== user.sessionVersion) return null;
  return {
    via: "portal",
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    accountId: user.accountId,
    accountName: user.accountName,
    accountKind: user.accountKind,
    accountPath: user.accountPath,
    twoFactorEnabled: user.twoFactorEnabled,
    sessionVersion: user.sessionVersion,
    mustEnrolTwoFactor: !user.twoFactorEnabled && user.role !== "customer" && config().REQUIRE_2FA_FOR_STAFF,
  };
}

type ActorRow = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  accountId: string;
  disabled: boolean;
  sessionVersion: number;
  twoFactorEnabled: boolean;
  accountName: string;
  accountKind: AccountKind;
  accountPath: string;
  accountStatus: string;
};

/** A machine calling the REST API with an API credential of its account. */
export type ApiActor = {
  via: "api";
  apiCredentialId: string;
  username: string;
  accountId: string;
  accountName: string;
  accountKind: AccountKind;
  accountPath: string;
};

/** The API actor of a credential, for work it started that runs later; null once revoked or gone. */
export async function loadApiActor(apiCredentialId: string, reader: Tx = db): Promise<ApiActor | null> {
  const credential = await reader.apiCredential.findUnique({ where: { id: apiCredentialId }, include: { account: true } });
  if (!credential || credential.revokedAt !== null || credential.account.status === "suspended") return null;
  return {
    via: "api",
    apiCredentialId: credential.id,
    username: credential.username,
    accountId: credential.accountId,
    accountName: credential.account.name,
    accountKind: credential.account.kind,
    accountPath: credential.account.path,
  };
}

/** Whoever makes a change: what scoping and the audit trail need, from either API. */
export type Principal = Actor | ApiActor;

/**
 * A principal with where its request came from: the first argument of every service a router,
 * REST command or page calls. Services only portal users reach (their own password and two-factor
 * sign-in, user management, usage) take `RequestContext<Actor>`.
 */
export type RequestContext<P extends Principal = Principal> = { principal: P; ip: string; userAgent: string };
