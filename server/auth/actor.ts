import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { db } from "@/server/db";

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
};

export async function loadActor(userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { account: true } });
  if (!user || user.disabled) return null;
  return {
    via: "portal",
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    accountId: user.accountId,
    accountName: user.account.name,
    accountKind: user.account.kind,
    accountPath: user.account.path,
  };
}

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

/** Whoever makes a change: what scoping and the audit trail need, from either API. */
export type Principal = Actor | ApiActor;

/** A principal with where its request came from, handed to every service that writes. */
export type RequestContext = { principal: Principal; ip: string; userAgent: string };
