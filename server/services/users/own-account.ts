import { countAttempt, settleAttempt } from "@/server/auth/failure-limit";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { assertPasswordAllowed } from "@/server/auth/password-rules";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, fieldError } from "@/server/errors";
import { recordChange } from "@/server/services/audit/record";
import type { TChangePasswordInput } from "./schemas";
import type { Actor, RequestContext } from "@/server/auth/actor";

/**
 * Checks the signed-in user's own password for a sensitive change. Each check is counted before
 * it runs, like a sign-in (same subject and limits), so a stolen session cannot try passwords
 * freely, nor in parallel.
 */
export async function assertOwnPassword(request: RequestContext<Actor>, password: string, field: string): Promise<string> {
  const actor = request.principal;
  const counting = await countAttempt(actor.email, request.ip);
  if ("lockedForMinutes" in counting) throw tooManyWrongPasswords(counting.lockedForMinutes);
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  let matches: boolean;
  try {
    matches = !!user?.passwordHash && (await verifyPassword(password, user.passwordHash));
  } catch (error) {
    await settleAttempt(counting.counted, "no_guess");
    throw error;
  }
  if (!user?.passwordHash || !matches) throw fieldError(field, "Wrong password");
  await settleAttempt(counting.counted, "success");
  return user.passwordHash;
}

function tooManyWrongPasswords(minutes: number): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  );
}

/**
 * Changes the signed-in user's password. Every other session ends: the session version rises,
 * and only the caller's own session is re-issued with the new one (returned for that).
 */
export async function changeOwnPassword(
  ctx: RequestContext<Actor>,
  input: TChangePasswordInput,
): Promise<{ sessionVersion: number }> {
  const currentHash = await assertOwnPassword(ctx, input.currentPassword, "currentPassword");
  if (input.newPassword.normalize("NFKC") === input.currentPassword.normalize("NFKC")) {
    throw fieldError("newPassword", "Choose a password different from the current one");
  }
  assertPasswordAllowed(input.newPassword, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    // Conditional on the hash just checked: a concurrent change makes this one fail, not merge.
    const { count } = await tx.user.updateMany({
      where: { id: ctx.principal.userId, passwordHash: currentHash },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Your password was changed meanwhile. Sign in again.");
    const { sessionVersion, accountId } = await tx.user.findUniqueOrThrow({
      where: { id: ctx.principal.userId },
      select: { sessionVersion: true, accountId: true },
    });
    await recordChange(tx, ctx, {
      accountId,
      action: "user.password_change",
      entityType: "user",
      entityId: ctx.principal.userId,
    });
    return { sessionVersion };
  });
}

/** Ends every session of the signed-in user, this one included: old session tokens stop working. */
export async function signOutEverywhere(request: RequestContext<Actor>): Promise<void> {
  const actor = request.principal;
  await accountWriteTransaction(actor.accountId, async (tx) => {
    const user = await tx.user.update({
      where: { id: actor.userId },
      data: { sessionVersion: { increment: 1 } },
      select: { accountId: true },
    });
    await recordChange(tx, request, {
      accountId: user.accountId,
      action: "user.sign_out_everywhere",
      entityType: "user",
      entityId: actor.userId,
    });
  });
}
