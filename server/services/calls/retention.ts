import { db } from "@/server/db";
import { dropCallPartitionsBefore, ensureComingPartitions } from "./partitions";

const DAY_MS = 86_400_000;

export type CallRetention = {
  /** Calls are kept this many days (CALL_RETENTION_DAYS): whole months older are dropped. */
  callDays: number;
  /** Rollups are kept this many days (CALL_STATS_RETENTION_DAYS). */
  statsDays: number;
};

/**
 * The call history's share of the retention round: the months of calls past `callDays` dropped
 * whole (a month goes once its last day is past; until then a few weeks more are kept), the
 * rollups' days past `statsDays` deleted, and the coming months' partitions made ahead.
 */
export async function pruneCallHistory(now: Date, retention: CallRetention): Promise<{ callMonths: string[]; statRows: number }> {
  await ensureComingPartitions(now);
  const callMonths = await dropCallPartitionsBefore(new Date(now.getTime() - retention.callDays * DAY_MS));
  const firstKeptDay = new Date(now.getTime() - retention.statsDays * DAY_MS).toISOString().slice(0, 10);
  let statRows = 0;
  for (const table of ["CallOutcomeStat", "CallDurationStat", "CallModuleStat", "CallRouteStat"]) {
    statRows += await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE day < $1::date`, firstKeptDay);
  }
  return { callMonths, statRows };
}
