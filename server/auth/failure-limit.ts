import { db } from "@/server/db";

// Brute-force protection shared by portal sign-in and REST API authentication: after
// MAX_FAILURES failures for one subject (an email, an API user) from one IP within the window,
// further attempts are refused until the oldest failure ages out. Failures live in PostgreSQL,
// so the count holds across restarts and server processes.

export const FAILURE_WINDOW_MINUTES = 15;
export const MAX_FAILURES = 10;

function windowStart(now: Date): Date {
  return new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000);
}

/** Minutes until another attempt is allowed, or null when attempts are allowed now. */
export async function lockedForMinutes(subject: string, ip: string, now = new Date()): Promise<number | null> {
  const recent = await db.authFailure.findMany({
    where: { subject, ip, createdAt: { gt: windowStart(now) } },
    orderBy: { createdAt: "desc" },
    take: MAX_FAILURES,
    select: { createdAt: true },
  });
  if (recent.length < MAX_FAILURES) return null;
  const oldest = recent[recent.length - 1]!.createdAt;
  return Math.max(1, Math.ceil((oldest.getTime() + FAILURE_WINDOW_MINUTES * 60_000 - now.getTime()) / 60_000));
}

export async function recordFailure(subject: string, ip: string, now = new Date()): Promise<void> {
  await db.$transaction([
    db.authFailure.deleteMany({ where: { subject, ip, createdAt: { lte: windowStart(now) } } }),
    db.authFailure.create({ data: { subject, ip } }),
  ]);
}

export async function clearFailures(subject: string, ip: string): Promise<void> {
  await db.authFailure.deleteMany({ where: { subject, ip } });
}
