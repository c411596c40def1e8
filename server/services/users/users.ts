import { randomBytes, randomUUID } from "node:crypto";
import type { Actor, RequestContext } from "@/server/auth/actor";
import { accountWhere, isUuid, userWhere } from "@/server/auth/scope";
import { MAX_TOTP_FAILURES } from "@/server/auth/two-factor";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { FAILURE_WINDOW_MINUTES } from "@/server/auth/failure-limit";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { logger } from "@/server/observability/logger";
import { currentRequest } from "@/server/observability/request-context";
import { explainUniqueViolation } from "@/server/services/accounts/tree";
import { recordChange } from "@/server/services/audit/record";
import { brandForPath } from "@/server/services/branding/branding";
import { linkBaseForPath } from "@/server/services/branding/custom-domains";
import { invitationMail, invitationNotNeededMail } from "@/server/services/branding/invitation-mail";
import { sendMail } from "@/server/services/mail";
import { reserveWithinPlan } from "@/server/services/plans/limits";
import { issuePasswordLink, PASSWORD_LINK_HOURS, setPasswordLink } from "./password-links";
import type { TInviteUserInput, TSetUserDisabledInput } from "./schemas";
import type { InAccount } from "@/server/services/acting-account";

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
export async function listUsers({ principal: actor }: RequestContext<Actor>, { accountId }: InAccount) {
  const account = await accountInReach(actor, accountId);
  const users = await db.user.findMany({
    where: { accountId: account.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: userRow,
  });
  return { account: { id: account.id, name: account.name, kind: account.kind }, users: users.map(summary) };
}

/** Invitations one user may send within FAILURE_WINDOW_MINUTES, whatever their outcome. */
export const INVITATIONS_PER_WINDOW = 20;

/**
 * Counts an invitation of the actor's, atomically, and refuses it past the limit: probing which
 * addresses exist, or mailing strangers, stays slow. The count lives beside the sign-in failure
 * counts (same table, same window, cleared by the same retention job), in a row of its own:
 * the inviter's user id as subject, which no sign-in subject (an email, an API user) can be.
 */
async function countInvitation(actor: Actor): Promise<void> {
  const [counted] = await db.$queryRaw<{ invitations: number; windowStart: Date }[]>`
    INSERT INTO "AuthFailureCount" AS c (subject, ip, "windowStart", failures)
    VALUES (${actor.userId}, ${INVITATIONS_ROW}, now(), 1)
    ON CONFLICT (subject, ip) DO UPDATE SET
      failures = CASE WHEN c."windowStart" > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}::int) THEN c.failures + 1 ELSE 1 END,
      "windowStart" = CASE WHEN c."windowStart" > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}::int) THEN c."windowStart" ELSE now() END
    RETURNING failures AS invitations, "windowStart"`;
  if (counted && counted.invitations > INVITATIONS_PER_WINDOW) {
    const minutes = Math.max(
      1,
      Math.ceil((counted.windowStart.getTime() + FAILURE_WINDOW_MINUTES * 60_000 - Date.now()) / 60_000),
    );
    throw new AppError("TOO_MANY_REQUESTS", `Too many invitations: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`);
  }
}

/** The `ip` of an inviter's invitation count: not an address, so never a sign-in failure row. */
const INVITATIONS_ROW = "invitations";

/** An address held by a user the actor cannot see: its existence must not show. */
async function heldOutsideReach(actor: Actor, email: string): Promise<boolean> {
  const holder = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!holder) return false;
  return (await db.user.count({ where: userWhere(actor, holder.id) })) === 0;
}

/**
 * ─── INVITING AN ADDRESS HELD ELSEWHERE REVEALS NOTHING ─── The answer has the shape and kinds
 * of values of a new invitation (a user id, a link, its expiry, whether it was mailed), but
 * nothing is created and the link leads nowhere, so an inviter cannot tell which addresses have
 * users in other tenants. Inside the inviter's reach the address's user is visible anyway, so
 * that case is named. The address's owner is told by mail, when mail is set up, that nothing changed.
 */
async function answerWithoutRevealing(
  { principal: actor }: RequestContext<Actor>,
  account: { id: string; name: string; path: string },
  role: Role,
  input: TInviteUserInput,
) {
  const user: UserRow = {
    id: randomUUID(),
    email: input.email,
    displayName: input.displayName,
    role,
    accountId: account.id,
    disabled: false,
    totpFailures: 0,
    createdAt: new Date(),
    passwordHash: null,
    totpSecret: null,
  };
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 60 * 60 * 1000);
  // The brand and link base a real invitation to this account would have: the answer must not differ.
  const { brand, linkBase } = await mailBrandOf(account.path);
  const mail = await invitationNotNeededMail(brand, linkBase, { inviterName: actor.displayName, accountName: account.name });
  const mailed = await sendMail({ to: input.email, ...mail }).catch(() => false);
  return {
    user: summary(user),
    link: setPasswordLink(randomBytes(32).toString("base64url"), linkBase),
    expiresAt,
    mailed,
  };
}

/** The brand an account's users see, and where their links point (its reseller's active custom domain, if any). */
async function mailBrandOf(accountPath: string) {
  const [brand, linkBase] = await Promise.all([brandForPath(accountPath), linkBaseForPath(accountPath)]);
  return { brand, linkBase };
}

/**
 * Invites a user to an account: the user exists at once (without a password) and gets a
 * one-time link to set one, shown to the inviter once and, with SMTP_URL set, mailed too.
 */
export async function inviteUser(request: RequestContext<Actor>, input: TInviteUserInput) {
  const actor = request.principal;
  await countInvitation(actor);
  const account = await accountInReach(actor, input.accountId);
  const role = ROLE_OF_KIND[account.kind];
  if (await heldOutsideReach(actor, input.email)) return answerWithoutRevealing(request, account, role, input);
  const linkBase = await linkBaseForPath(account.path);
  let invited: { user: UserRow; link: string; expiresAt: Date };
  try {
    invited = await accountWriteTransaction(account.id, async (tx) => {
      await reserveWithinPlan(tx, account.id, "users");
      const user = await tx.user.create({
        data: { accountId: account.id, role, email: input.email, displayName: input.displayName, passwordHash: null },
        select: userRow,
      });
      const { link, expiresAt } = await issuePasswordLink(tx, user.id, { base: linkBase });
      await recordChange(tx, request, {
        accountId: account.id,
        action: "user.invite",
        entityType: "user",
        entityId: user.id,
        after: auditSnapshot(user),
      });
      return { user, link, expiresAt };
    });
  } catch (error) {
    // Taken meanwhile, by someone the inviter cannot see: the same answer as above.
    if (isUniqueViolation(error, "email") && (await heldOutsideReach(actor, input.email))) {
      return answerWithoutRevealing(request, account, role, input);
    }
    explainUniqueViolation(error, { email: "email" });
  }
  const mailed = await mailInvitation(invited.user, actor.displayName, account.name, invited.link, account.path);
  return { user: summary(invited.user), link: invited.link, expiresAt: invited.expiresAt, mailed };
}

/**
 * Mails a new user their one-time link in the brand of the account at `brandPath` (the user's
 * own, or the reseller above the accounts it creates) when SMTP is set up; false when it is not,
 * or the mail failed (the invitation stands; the inviter still has the link to pass on).
 */
export async function mailInvitation(
  user: { email: string; displayName: string },
  inviterName: string,
  accountName: string,
  link: string,
  brandPath: string,
): Promise<boolean> {
  const { brand, linkBase } = await mailBrandOf(brandPath);
  const mail = await invitationMail(brand, linkBase, {
    name: user.displayName,
    inviterName,
    accountName,
    link,
    validHours: PASSWORD_LINK_HOURS,
  });
  return sendMail({ to: user.email, ...mail }).catch((error: unknown) => {
    logger.error({ err: error, requestId: currentRequest()?.requestId }, "Could not mail an invitation");
    return false;
  });
}

/** The account of a user within the actor's reach: a change of the user is one of its writes. */
async function accountOfUser(actor: Actor, id: string): Promise<string> {
  const user = isUuid(id) ? await db.user.findFirst({ where: userWhere(actor, id), select: { accountId: true } }) : null;
  if (!user) throw notFound("User");
  return user.accountId;
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
export async function setUserDisabled(request: RequestContext<Actor>, input: TSetUserDisabledInput) {
  const actor = request.principal;
  const verb = input.disabled ? "disable" : "enable";
  return accountWriteTransaction(await accountOfUser(actor, input.id), async (tx) => {
    const before = await managedUser(tx, actor, input.id, verb);
    if (input.disabled) await assertAnotherAdminRemains(tx, before, verb);
    const after = await tx.user.update({
      where: { id: before.id },
      data: { disabled: input.disabled, ...(input.disabled ? { sessionVersion: { increment: 1 } } : {}) },
      select: userRow,
    });
    if (before.disabled !== after.disabled) {
      await recordChange(tx, request, {
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
export async function removeUser(request: RequestContext<Actor>, { id }: { id: string }) {
  const actor = request.principal;
  await accountWriteTransaction(await accountOfUser(actor, id), async (tx) => {
    const user = await managedUser(tx, actor, id, "remove");
    await assertAnotherAdminRemains(tx, user, "remove");
    await tx.user.delete({ where: { id: user.id } });
    await recordChange(tx, request, {
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
export async function resetUserTwoFactor(request: RequestContext<Actor>, { id }: { id: string }) {
  const actor = request.principal;
  return accountWriteTransaction(await accountOfUser(actor, id), async (tx) => {
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
    await recordChange(tx, request, {
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
