import "server-only";
import { db } from "@/server/db";
import { failureState, lockedForMinutes, recordFailure, recordSuccess } from "./failure-limit";
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { verifySecondFactor } from "./two-factor";

export type SignedInUser = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  accountId: string;
  /** Goes into the session token; a session whose version is older no longer works. */
  sessionVersion: number;
};

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | {
      ok: false;
      /** `two_factor_required`: the password was right; ask for the code and send both again. */
      reason: "invalid" | "disabled" | "locked" | "two_factor_required" | "invalid_code";
      message: string;
    };

export const TWO_FACTOR_REQUIRED_MESSAGE = "Enter the code from your authenticator app, or a recovery code.";

function locked(minutes: number): SignInResult {
  return {
    ok: false,
    reason: "locked",
    message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  };
}

/**
 * Checks an email and password, then the second factor of a user who has one, refusing brute
 * force (server/auth/failure-limit.ts): a wrong code counts as a failure like a wrong password.
 */
export async function signInWithPassword(
  rawEmail: string,
  password: string,
  ip: string,
  secondFactor?: string,
): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const [state, user] = await Promise.all([
    failureState(email, ip),
    db.user.findUnique({ where: { email }, omit: { passwordHash: false, totpSecret: false } }),
  ]);
  const minutes = lockedForMinutes(state);
  if (minutes !== null) return locked(minutes);

  // An invited user who has not set a password yet has no hash: they cannot sign in, and the
  // decoy keeps that from showing in the response time.
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user?.passwordHash || !passwordMatches) {
    const pastLimit = await recordFailure(email, ip, state);
    // Parallel guesses that went past the limit learn nothing about the password.
    if (pastLimit !== null) return locked(pastLimit);
    return { ok: false, reason: "invalid", message: "Wrong email or password." };
  }
  if (user.disabled) {
    return { ok: false, reason: "disabled", message: "This user is disabled. Ask your administrator to enable it." };
  }
  if (user.totpSecret) {
    if (!secondFactor?.trim()) return { ok: false, reason: "two_factor_required", message: TWO_FACTOR_REQUIRED_MESSAGE };
    if (!(await verifySecondFactor({ id: user.id, totpSecret: user.totpSecret }, secondFactor))) {
      const pastLimit = await recordFailure(email, ip, state);
      if (pastLimit !== null) return locked(pastLimit);
      return { ok: false, reason: "invalid_code", message: "Wrong or already used code." };
    }
  }
  await recordSuccess(email, ip, state);
  // The hash is upgraded only now, with the password known to be right.
  if (needsRehash(user.passwordHash)) {
    const upgraded = await hashPassword(password);
    await db.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: upgraded } });
  }
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      accountId: user.accountId,
      sessionVersion: user.sessionVersion,
    },
  };
}
