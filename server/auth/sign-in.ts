import { db } from "@/server/db";
import { failureState, lockedForMinutes, recordFailure, recordSuccess } from "./failure-limit";
import { decoyPasswordHash, verifyPassword } from "./password";

export type SignedInUser = { id: string; email: string; displayName: string; role: string; accountId: string };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "disabled" | "locked"; message: string };

function locked(minutes: number): SignInResult {
  return {
    ok: false,
    reason: "locked",
    message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  };
}

/** Checks an email and password, refusing brute force (server/auth/failure-limit.ts). */
export async function signInWithPassword(rawEmail: string, password: string, ip: string): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const [state, user] = await Promise.all([
    failureState(email, ip),
    db.user.findUnique({ where: { email }, omit: { passwordHash: false } }),
  ]);
  const minutes = lockedForMinutes(state);
  if (minutes !== null) return locked(minutes);

  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordMatches) {
    const pastLimit = await recordFailure(email, ip, state);
    // Parallel guesses that went past the limit learn nothing about the password.
    if (pastLimit !== null) return locked(pastLimit);
    return { ok: false, reason: "invalid", message: "Wrong email or password." };
  }
  if (user.disabled) {
    return { ok: false, reason: "disabled", message: "This user is disabled. Ask your administrator to enable it." };
  }
  await recordSuccess(email, ip, state);
  return {
    ok: true,
    user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, accountId: user.accountId },
  };
}
