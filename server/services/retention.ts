import { pruneExpiredAuthRecords } from "@/server/auth/failure-limit";
import { upgradeStoredTwoFactorSecrets } from "@/server/auth/two-factor";
import { config } from "@/server/config";
import { defineJob } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { type CallRetention, pruneCallHistory } from "./calls/retention";
import { deleteExpiredPasswordLinks } from "./users/password-links";
import { foldUsageDetail } from "./usage/usage";

// ─── RETENTION ─── Tables that grow with time alone are pruned here, each by the rule of the
// feature that owns it. Audit events and flow revisions are history and are kept forever. The
// same round makes the call history's coming month partitions ahead of time.

type RetentionReport = {
  authFailureCounts: number;
  authKnownAddresses: number;
  passwordLinks: number;
  /** Metering rows folded into their day's total. */
  usageDetailRows: number;
  /** Month partitions of calls dropped whole, and rollup rows deleted. */
  callMonths: string[];
  callStatRows: number;
};

/** The first UTC day whose metering detail is kept at `now`. */
export function firstDetailedDay(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
}

/** Deletes (or folds) everything that has expired at `now`, and nothing else. */
export async function pruneExpired(
  now: Date,
  usageDetailRetentionDays = config().usageDetailRetentionDays,
  callRetention: CallRetention = { callDays: config().callRetentionDays, statsDays: config().callStatsRetentionDays },
): Promise<RetentionReport> {
  const auth = await pruneExpiredAuthRecords(now);
  const calls = await pruneCallHistory(now, callRetention);
  return {
    authFailureCounts: auth.failureCounts,
    authKnownAddresses: auth.knownAddresses,
    passwordLinks: await deleteExpiredPasswordLinks(now),
    usageDetailRows: await foldUsageDetail(firstDetailedDay(now, usageDetailRetentionDays)),
    callMonths: calls.callMonths,
    callStatRows: calls.statRows,
  };
}

/**
 * Hourly: sign-in failure windows last minutes, so their rows should not wait a day. The same
 * round encrypts two-factor secrets stored before they were encrypted (it needs the key, so no
 * migration can), which leaves none in clear an hour after an upgrade.
 */
export const retentionJob = defineJob<Record<string, never>>({
  queue: "retention",
  cron: "7 * * * *",
  async run() {
    logger.info({ pruned: await pruneExpired(new Date()) }, "Expired rows pruned");
    const upgraded = await upgradeStoredTwoFactorSecrets();
    if (upgraded.totpSecrets + upgraded.recoveryCodes > 0) logger.info({ upgraded }, "Stored two-factor secrets upgraded");
  },
});
