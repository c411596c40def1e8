import { assertOwnPassword } from "./own-account";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpEnrolment,
  totpStep,
  verifySecondFactor,
} from "@/server/auth/two-factor";
import type { Actor, RequestContext } from "@/server/auth/actor";
import { config } from "@/server/config";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, fieldError } from "@/server/errors";
import { recordChange } from "@/server/services/audit/record";
import type { TBeginTwoFactorInput, TDisableTwoFactorInput } from "./schemas";

// Two-factor sign-in for the signed-in user: optional, or required for staff when
// REQUIRE_2FA_FOR_STAFF=1. It is on only once a code from the new secret was confirmed.
// ─── RE-AUTHENTICATED ─── A stolen session alone cannot change it: setting it up asks for the
// password, turning it off for the password and a current code, and both end every other
// session of the user (the session version rises; the caller's own session is re-issued).

function twoFactorRequiredFor(actor: Pick<Actor, "role">): boolean {
  return actor.role !== "customer" && config().REQUIRE_2FA_FOR_STAFF;
}

export async function twoFactorStatus({ principal: actor }: RequestContext<Actor>) {
  const recoveryCodesLeft = await db.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } });
  return { enabled: actor.twoFactorEnabled, required: twoFactorRequiredFor(actor), recoveryCodesLeft };
}

/** A new secret to scan, after the password; nothing changes for sign-in until it is confirmed. */
export async function beginTwoFactorEnrolment(ctx: RequestContext<Actor>, { password }: TBeginTwoFactorInput) {
  if (ctx.principal.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
  await assertOwnPassword(ctx, password, "password");
  const secret = newTotpSecret();
  await db.user.update({
    where: { id: ctx.principal.userId },
    data: { totpPendingSecret: encryptTotpSecret(ctx.principal.userId, secret) },
  });
  return totpEnrolment(secret, ctx.principal.email);
}

/**
 * Turns two-factor sign-in on with a code from the new secret; returns the 10 recovery codes,
 * once, and the new session version (only the caller's session is re-issued with it).
 */
export async function confirmTwoFactorEnrolment(request: RequestContext<Actor>, { code }: { code: string }) {
  const actor = request.principal;
  if (actor.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { totpPendingSecret: true } });
  const pending = user?.totpPendingSecret ? decryptTotpSecret(actor.userId, user.totpPendingSecret) : null;
  if (!user?.totpPendingSecret || !pending) throw new AppError("CONFLICT", "Start setting up two-factor sign-in first");
  const step = await totpStep(pending, code);
  if (step === null) throw fieldError("code", "Wrong code: enter the code your authenticator app shows now");
  const recoveryCodes = newRecoveryCodes();
  const sessionVersion = await accountWriteTransaction(actor.accountId, async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: actor.userId, totpPendingSecret: user.totpPendingSecret, totpSecret: null },
      data: {
        totpSecret: encryptTotpSecret(actor.userId, pending),
        totpPendingSecret: null,
        totpLastStep: step,
        totpFailures: 0,
        sessionVersion: { increment: 1 },
      },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor sign-in changed meanwhile. Start again.");
    await tx.recoveryCode.deleteMany({ where: { userId: actor.userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((recovery) => ({ userId: actor.userId, codeHash: hashRecoveryCode(recovery) })),
    });
    const { sessionVersion } = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
    await recordChange(tx, request, {
      accountId: actor.accountId,
      action: "user.two_factor_enable",
      entityType: "user",
      entityId: actor.userId,
    });
    return sessionVersion;
  });
  return { recoveryCodes, sessionVersion };
}

/**
 * Turns two-factor sign-in off, with the password and a current code (or a recovery code);
 * staff who must use it cannot. Returns the new session version, for the caller's session.
 */
export async function disableTwoFactor(ctx: RequestContext<Actor>, { password, code }: TDisableTwoFactorInput) {
  if (twoFactorRequiredFor(ctx.principal)) throw new AppError("FORBIDDEN", "Two-factor sign-in is required for your role");
  if (!ctx.principal.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor sign-in is not on");
  await assertOwnPassword(ctx, password, "password");
  const user = await db.user.findUniqueOrThrow({ where: { id: ctx.principal.userId }, select: { totpSecret: true } });
  if (!user.totpSecret) throw new AppError("CONFLICT", "Two-factor sign-in is not on");
  const check = await verifySecondFactor({ id: ctx.principal.userId, totpSecret: user.totpSecret }, code);
  if (check === "locked") throw fieldError("code", "Too many wrong codes: enter one of your recovery codes");
  if (check === "wrong") throw fieldError("code", "Wrong or already used code");
  return accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    const { sessionVersion } = await tx.user.update({
      where: { id: ctx.principal.userId },
      data: { totpSecret: null, totpPendingSecret: null, totpLastStep: null, totpFailures: 0, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: ctx.principal.userId } });
    await recordChange(tx, ctx, {
      accountId: ctx.principal.accountId,
      action: "user.two_factor_disable",
      entityType: "user",
      entityId: ctx.principal.userId,
    });
    return { sessionVersion };
  });
}
