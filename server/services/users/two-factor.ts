import { assertOwnPassword } from "./own-account";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpEnrolment, totpStep } from "@/server/auth/two-factor";
import type { Actor } from "@/server/auth/actor";
import { config } from "@/server/config";
import { db } from "@/server/db";
import { AppError, fieldError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record";
import type { UserRequest } from "./users";

// Two-factor sign-in for the signed-in user: optional, or required for staff when
// REQUIRE_2FA_FOR_STAFF=1. It is on only once a code from the new secret was confirmed.

export function twoFactorRequiredFor(actor: Pick<Actor, "role">): boolean {
  return actor.role !== "customer" && config().REQUIRE_2FA_FOR_STAFF;
}

export async function twoFactorStatus(actor: Actor) {
  const recoveryCodesLeft = await db.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } });
  return { enabled: actor.twoFactorEnabled, required: twoFactorRequiredFor(actor), recoveryCodesLeft };
}

/** A new secret to scan; nothing changes for sign-in until it is confirmed. */
export async function beginTwoFactorEnrolment({ actor }: UserRequest) {
  if (actor.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
  const secret = newTotpSecret();
  await db.user.update({ where: { id: actor.userId }, data: { totpPendingSecret: secret } });
  return totpEnrolment(secret, actor.email);
}

/** Turns two-factor sign-in on with a code from the new secret; returns the 10 recovery codes, once. */
export async function confirmTwoFactorEnrolment({ actor, request }: UserRequest, { code }: { code: string }) {
  if (actor.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { totpPendingSecret: true } });
  if (!user?.totpPendingSecret) throw new AppError("CONFLICT", "Start setting up two-factor sign-in first");
  const step = await totpStep(user.totpPendingSecret, code);
  if (step === null) throw fieldError("code", "Wrong code: enter the code your authenticator app shows now");
  const recoveryCodes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: actor.userId, totpPendingSecret: user.totpPendingSecret, totpSecret: null },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: step },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor sign-in changed meanwhile. Start again.");
    await tx.recoveryCode.deleteMany({ where: { userId: actor.userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((recovery) => ({ userId: actor.userId, codeHash: hashRecoveryCode(recovery) })),
    });
    await recordAudit(tx, request, {
      accountId: actor.accountId,
      action: "user.two_factor_enable",
      entityType: "user",
      entityId: actor.userId,
    });
  });
  return { recoveryCodes };
}

/** Turns two-factor sign-in off, with the password; staff who must use it cannot. */
export async function disableTwoFactor(ctx: UserRequest, { password }: { password: string }) {
  if (twoFactorRequiredFor(ctx.actor)) throw new AppError("FORBIDDEN", "Two-factor sign-in is required for your role");
  if (!ctx.actor.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is not on");
  await assertOwnPassword(ctx, password, "password");
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: ctx.actor.userId },
      data: { totpSecret: null, totpPendingSecret: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: ctx.actor.userId } });
    await recordAudit(tx, ctx.request, {
      accountId: ctx.actor.accountId,
      action: "user.two_factor_disable",
      entityType: "user",
      entityId: ctx.actor.userId,
    });
  });
}
