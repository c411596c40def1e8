import "server-only";
import type { Actor, RequestContext } from "@/server/auth/actor";
import { accountWhere, isUuid, userWhere } from "@/server/auth/scope";
import { MAX_TOTP_FAILURES } from "@/server/auth/two-factor";
import { db, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { explainUniqueViolation } from "@/server/services/accounts/tree";
import { recordAudit } from "@/server/services/audit/record";
import { sendMail } from "@/server/services/mail";
import { issuePasswordLink, PASSWORD_LINK_HOURS } from "./password-links";
import type { TInviteUserInput, TSetUserDisabledInput } from "./schemas";
import type { InAccount } from "@/server/services/acting-account";

/** What user management needs of a request: the portal user acting, and the audit context. */
export type UserRequest = { actor: Actor; request: RequestContext };

/** A user's role follows their account: platform accounts hold admins, resellers resellers... */
const ROLE_OF_KIND: Record<AccountKind, Role> = { platform: "admin", reseller: "reseller", customer: "customer" };
const RANK: Record<Role, number> = { customer: 1, reseller: 2, admin: 3 };

const userRow = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  accountId: true,
  disabled: true,
  createdAt: true,
  passwordHash: true,
  totpSecret: true,
  totpFailures: true,
} as const;

type UserRow = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  accountId: string;
  disabled: boolean;
  createdAt: Date;
  passwordHash: string | null;
  totpSecret: string | null;
  totpFailures: number;
};

/** What leaves the server of a user: whether secrets exist, never the secrets. */
function summary(user: UserRow) {
  const { passwordHash, totpSecret, totpFailures, ...rest } = user;
  return {
    ...rest,
    status: user.disabled ? "disabled" : passwordHash === null ? "invited" : "active",
    twoFactorEnabled: totpSecret !== null,
    twoFactorLocked: totpSecret !== null && totpFailures >= MAX_TOTP_FAILURES,
  } as const;
}

/** What the audit trail keeps of a user. */
function auditSnapshot(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    accountId: user.accountId,
    disabled: user.disabled,
  };
}

async function accountInReach(actor: Actor, accountId: string) {
  const account = isUuid(accountId) ? await db.account.findFirst({ where: accountWhere(actor, accountId) }) : null;
  if (!account) throw notFound("Account");
  return account;
}

/** The users of an account within the actor's reach, oldest first. */
export async function listUsers(actor: Actor, { accountId }: InAccount) {
  const account = await accountInReach(actor, accountId);
  const users = await db.user.findMany({
    where: { accountId: account.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: userRow,
  });
  return { account: { id: account.id, name: account.name, kind: account.kind }, users: users.map(summary) };
}

/**
 * Invites a user to an account: the user exists at once (without a password) and gets a
 * one-time link to set one, shown to the inviter once and, with SMTP_URL set, mailed too.
 */
export async function inviteUser({ actor, request }: UserRequest, input: TInviteUserInput) {
  const account = await accountInReach(actor, input.accountId);
  const role = ROLE_OF_KIND[account.kind];
  let invited: { user: UserRow; link: string; expiresAt: Date };
  try {
    invited = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { accountId: account.id, role, email: input.email, displayName: input.displayName, passwordHash: null },
        select: userRow,
      });
      const { link, expiresAt } = await issuePasswordLink(tx, user.id);
      await recordAudit(tx, request, {
        accountId: account.id,
        action: "user.invite",
        entityType: "user",
        entityId: user.id,
        after: auditSnapshot(user),
      });
      return { user, link, expiresAt };
    });
  } catch (error) {
    explainUniqueViolation(error, { email: "email" });
  }
  const mailed = await sendMail({
    to: invited.user.email,
    subject: `You are invited to the Call Flow Portal (${account.name})`,
    text: [
      `Hello ${invited.user.displayName},`,
      "",
      `${actor.displayName} invited you to the Call Flow Portal for ${account.name}.`,
      `Set your password within ${PASSWORD_LINK_HOURS} hours with this one-time link:`,
      "",
      invited.link,
    ].join("\n"),
  }).catch((error: unknown) => {
    // The invitation stands; the inviter still has the link to pass on.
    console.error("Could not mail an invitation:", error);
    return false;
  });
  return { user: summary(invited.user), link: invited.link, expiresAt: invited.expiresAt, mailed };
}

/**
 * The user the actor may manage, locked for the change. Another tenant's user is "not found";
 * nobody manages a role above their own, nor themselves through these actions.
 */
async function managedUser(tx: Tx, actor: Actor, id: string, verb: string): Promise<UserRow> {
  const user = isUuid(id) ? await tx.user.findFirst({ where: userWhere(actor, id), select: userRow }) : null;
  if (!user) throw notFound("User");
  if (RANK[user.role] > RANK[actor.role]) throw new AppError("FORBIDDEN", `You cannot ${verb} a user whose role is above yours`);
  if (user.id === actor.userId) throw new AppError("FORBIDDEN", `You cannot ${verb} yourself`);
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`;
  return user;
}

/** The platform keeps at least one enabled admin; the lock serialises concurrent removals. */
async function assertAnotherAdminRemains(tx: Tx, user: UserRow, verb: string): Promise<void> {
  if (user.role !== "admin" || user.disabled) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('users:enabled-admins'))`;
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: user.id } } });
  if (others === 0) throw new AppError("CONFLICT", `You cannot ${verb} the last enabled admin`);
}

/**
 * Disables or enables a user. A disabled user's sessions fail on their next request (the actor
 * is re-read on each); disabling also raises the session version, so enabling the user again
 * does not bring old sessions back.
 */
export async function setUserDisabled({ actor, request }: UserRequest, input: TSetUserDisabledInput) {
  const verb = input.disabled ? "disable" : "enable";
  return db.$transaction(async (tx) => {
    const before = await managedUser(tx, actor, input.id, verb);
    if (input.disabled) await assertAnotherAdminRemains(tx, before, verb);
    const after = await tx.user.update({
      where: { id: before.id },
      data: { disabled: input.disabled, ...(input.disabled ? { sessionVersion: { increment: 1 } } : {}) },
      select: userRow,
    });
    if (before.disabled !== after.disabled) {
      await recordAudit(tx, request, {
        accountId: after.accountId,
        action: `user.${verb}`,
        entityType: "user",
        entityId: after.id,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
    }
    return summary(after);
  });
}

/** Removes a user for good; the audit trail keeps who they were. */
export async function removeUser({ actor, request }: UserRequest, { id }: { id: string }) {
  await db.$transaction(async (tx) => {
    const user = await managedUser(tx, actor, id, "remove");
    await assertAnotherAdminRemains(tx, user, "remove");
    await tx.user.delete({ where: { id: user.id } });
    await recordAudit(tx, request, {
      accountId: user.accountId,
      action: "user.delete",
      entityType: "user",
      entityId: user.id,
      before: auditSnapshot(user),
    });
  });
  return { id };
}

/**
 * Turns off another user's two-factor sign-in (lost phone and codes, or code sign-in locked by
 * wrong codes), by whoever may disable that user. Their sessions end; they sign in with the
 * password alone and set it up again (staff who must use it are asked to at once).
 */
export async function resetUserTwoFactor({ actor, request }: UserRequest, { id }: { id: string }) {
  return db.$transaction(async (tx) => {
    const before = await managedUser(tx, actor, id, "reset two-factor sign-in of");
    if (before.totpSecret === null) throw new AppError("CONFLICT", "This user has no two-factor sign-in to reset");
    const after = await tx.user.update({
      where: { id: before.id },
      data: { totpSecret: null, totpPendingSecret: null, totpLastStep: null, totpFailures: 0, sessionVersion: { increment: 1 } },
      select: userRow,
    });
    await tx.recoveryCode.deleteMany({ where: { userId: before.id } });
    const twoFactorOf = (user: UserRow) => ({
      twoFactorEnabled: user.totpSecret !== null,
      twoFactorLocked: summary(user).twoFactorLocked,
    });
    await recordAudit(tx, request, {
      accountId: after.accountId,
      action: "user.two_factor_reset",
      entityType: "user",
      entityId: after.id,
      before: { ...auditSnapshot(before), ...twoFactorOf(before) },
      after: { ...auditSnapshot(after), ...twoFactorOf(after) },
    });
    return summary(after);
  });
}
