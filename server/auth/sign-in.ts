import "server-only";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { countAttempt, settleAttempt } from "./failure-limit";
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { lockedMessage, SIGN_IN_ERROR, signInErrorMessage } from "./sign-in-errors";
import { isEncryptedTotpSecret, upgradeStoredTwoFactorSecrets, verifySecondFactor } from "./two-factor";

type SignedInUser = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  accountId: string;
  /** Goes into the session token; a session whose version is older no longer works. */
  sessionVersion: number;
};

type SignInFailure =
  /** `two_factor_required`: the password was right; ask for the code and send both again. */
  | "invalid"
  | "disabled"
  /** The user's account (a customer) is suspended by its reseller. */
  | "suspended"
  | "locked"
  | "two_factor_required"
  | "invalid_code"
  /** Too many wrong TOTP codes: only a recovery code (or an admin's reset) gets past. */
  | "two_factor_locked"
  /** Too many passwords being hashed at once: nothing was checked. */
  | "busy";

type SignInResult =
  | { ok: true; user: SignedInUser }
  | {
      ok: false;
      reason: SignInFailure;
      /** What crosses the wire (server/auth/sign-in-errors.ts); never free text. */
      code: string;
      message: string;
    };

function failure(reason: Exclude<SignInFailure, "locked">): SignInResult {
  const code = {
    invalid: SIGN_IN_ERROR.invalid,
    disabled: SIGN_IN_ERROR.disabled,
    suspended: SIGN_IN_ERROR.suspended,
    two_factor_required: SIGN_IN_ERROR.twoFactorRequired,
    invalid_code: SIGN_IN_ERROR.invalidCode,
    two_factor_locked: SIGN_IN_ERROR.twoFactorLocked,
    busy: SIGN_IN_ERROR.busy,
  }[reason];
  return { ok: false, reason, code, message: signInErrorMessage(code)! };
}

function locked(minutes: number): SignInResult {
  return { ok: false, reason: "locked", code: `${SIGN_IN_ERROR.locked}:${minutes}`, message: lockedMessage(minutes) };
}

/**
 * Checks an email and password, then the second factor of a user who has one, refusing brute
 * force (server/auth/failure-limit.ts): the attempt is counted before anything is checked, so
 * parallel attempts cannot outrun the limit, and a limit reached (by this email, or by this
 * address over all emails) is answered before any password is hashed.
 */
export async function signInWithPassword(
  rawEmail: string,
  password: string,
  ip: string,
  secondFactor?: string,
  /** On a reseller's custom domain: the path of the reseller's account, whose tree alone signs in there. */
  onlyWithin?: string,
): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const counting = await countAttempt(email, ip);
  if ("lockedForMinutes" in counting) return locked(counting.lockedForMinutes);
  const attempt = counting.counted;
  let result: SignInResult | "wrong_guess";
  try {
    result = await checkCredentials(email, password, secondFactor, onlyWithin);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "RETRY_LATER")) throw error;
    result = failure("busy");
  }
  // A wrong password or code stays counted; anything else was not a guess that failed.
  if (result === "wrong_guess") return failure("invalid");
  if (!result.ok && result.reason === "invalid_code") return result;
  await settleAttempt(attempt, result.ok ? "success" : "no_guess");
  return result;
}

async function checkCredentials(
  email: string,
  password: string,
  secondFactor?: string,
  onlyWithin?: string,
): Promise<SignInResult | "wrong_guess"> {
  const user = await db.user.findUnique({
    where: { email },
    omit: { passwordHash: false, totpSecret: false },
    include: { account: { select: { path: true, status: true } } },
  });
  // An invited user who has not set a password yet has no hash: they cannot sign in, and the
  // decoy keeps that from showing in the response time.
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  // ─── A CUSTOM DOMAIN SIGNS IN ITS RESELLER'S TREE ONLY ─── anyone else is a wrong guess, answered
  // exactly as a wrong password (same message, same count, same time), so the page reveals nothing.
  const outsideDomain = onlyWithin !== undefined && !user?.account.path.startsWith(onlyWithin);
  if (!user?.passwordHash || !passwordMatches || outsideDomain) return "wrong_guess";
  if (user.disabled) return failure("disabled");
  if (user.account.status === "suspended") return failure("suspended");
  if (user.totpSecret) {
    if (!secondFactor?.trim()) return failure("two_factor_required");
    // Enrolled before secrets were encrypted: encrypted now, with the user's recovery codes re-keyed.
    if (!isEncryptedTotpSecret(user.totpSecret)) await upgradeStoredTwoFactorSecrets({ userId: user.id });
    const check = await verifySecondFactor({ id: user.id, totpSecret: user.totpSecret }, secondFactor);
    if (check === "locked") return failure("two_factor_locked");
    if (check === "wrong") return failure("invalid_code");
  }
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
