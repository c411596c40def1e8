import { db } from "@/server/db";
import { decoyPasswordHash, verifyPassword } from "./password";

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILED_SIGN_INS = 10;

export type SignedInUser = { id: string; email: string; displayName: string; role: string; accountId: string };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "disabled" | "locked"; message: string };

const INVALID = "Wrong email or password.";

function windowStart(now: Date): Date {
  return new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
}

/**
 * Checks a password, with brute-force protection: after MAX_FAILED_SIGN_INS failures for one
 * email from one IP within the window, attempts are refused until the oldest failure ages out.
 * Failures live in PostgreSQL, so the count holds across restarts and server processes.
 */
export async function signInWithPassword(rawEmail: string, password: string, ip: string): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const now = new Date();
  const recentFailures = await db.signInFailure.findMany({
    where: { email, ip, createdAt: { gt: windowStart(now) } },
    orderBy: { createdAt: "desc" },
    take: MAX_FAILED_SIGN_INS,
    select: { createdAt: true },
  });
  if (recentFailures.length >= MAX_FAILED_SIGN_INS) {
    const oldest = recentFailures[recentFailures.length - 1]!.createdAt;
    const minutes = Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_WINDOW_MINUTES * 60_000 - now.getTime()) / 60_000));
    return {
      ok: false,
      reason: "locked",
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }

  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordMatches) {
    await db.$transaction([
      db.signInFailure.deleteMany({ where: { email, ip, createdAt: { lte: windowStart(now) } } }),
      db.signInFailure.create({ data: { email, ip } }),
    ]);
    return { ok: false, reason: "invalid", message: INVALID };
  }
  if (user.disabled) {
    return { ok: false, reason: "disabled", message: "This user is disabled. Ask your administrator to enable it." };
  }
  await db.signInFailure.deleteMany({ where: { email, ip } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, accountId: user.accountId },
  };
}
