import { db } from "@/server/db";
import { clearFailures, lockedForMinutes, recordFailure } from "./failure-limit";
import { decoyPasswordHash, verifyPassword } from "./password";

export type SignedInUser = { id: string; email: string; displayName: string; role: string; accountId: string };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "disabled" | "locked"; message: string };

/** Checks an email and password, refusing brute force (server/auth/failure-limit.ts). */
export async function signInWithPassword(rawEmail: string, password: string, ip: string): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const minutes = await lockedForMinutes(email, ip);
  if (minutes !== null) {
    return {
      ok: false,
      reason: "locked",
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }

  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordMatches) {
    await recordFailure(email, ip);
    return { ok: false, reason: "invalid", message: "Wrong email or password." };
  }
  if (user.disabled) {
    return { ok: false, reason: "disabled", message: "This user is disabled. Ask your administrator to enable it." };
  }
  await clearFailures(email, ip);
  return {
    ok: true,
    user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, accountId: user.accountId },
  };
}
