import { type Db, db } from "@/server/db";
import { addMonths, monthStart } from "@/server/domain/calls/call-input";
import { processSingleton } from "@/server/process-singleton";

// ─── THE MONTHS OF "Call" ─── one partition per UTC month of "startedAt" (PARTITION BY RANGE,
// prisma/migrations/…_call_history), named "Call_YYYY_MM". Ingest makes the months a batch needs
// before it writes (a call from long ago, demo data, a backfill), and the hourly retention round
// makes the coming months ahead of time and drops the months past CALL_RETENTION_DAYS whole.
// Creating or dropping a partition locks "Call" for a moment, so it is done outside the ingest
// statement, once per month and process, under an advisory lock that instances share.

/** pg_advisory_xact_lock's key for changing the partitions of "Call". */
const PARTITIONS_LOCK = 7_260_001;
/** How many months after this one always exist. */
export const MONTHS_AHEAD = 2;

const PARTITION_NAME = /^Call_(\d{4})_(\d{2})$/;

/** Months (their first instant, as ms) this process knows to have a partition. */
const known = () => processSingleton("callPartitions", () => new Set<number>());

export function partitionName(month: Date): string {
  return `Call_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Makes the partitions of the months holding these instants, those that are missing (through
 * `client`: the portal's, or a script's own). */
export async function ensureCallPartitions(instants: readonly Date[], client: Db = db): Promise<void> {
  const months = [...new Set(instants.map((instant) => monthStart(instant).getTime()))].filter((month) => !known().has(month));
  if (months.length === 0) return;
  await client.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK})`);
    for (const month of months.sort()) {
      const from = new Date(month);
      // Names and bounds come from dates, never from input text.
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "${partitionName(from)}" PARTITION OF "Call"
           FOR VALUES FROM ('${from.toISOString()}') TO ('${addMonths(from, 1).toISOString()}')`,
      );
    }
  });
  for (const month of months) known().add(month);
}

/** After a partition was dropped elsewhere, this process asks the database again. */
export function forgetKnownPartitions(): void {
  known().clear();
}

/** The month partitions of "Call", oldest first. */
export async function callPartitions(): Promise<{ name: string; month: Date }[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'Call' AND p.relnamespace = current_schema()::regnamespace`;
  return rows
    .flatMap(({ name }) => {
      const match = PARTITION_NAME.exec(name);
      return match ? [{ name, month: new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) }] : [];
    })
    .sort((a, b) => a.month.getTime() - b.month.getTime());
}

/**
 * Drops the partitions whose whole month ends at or before `cutoff`, with the calls' idempotency
 * keys; answers the months dropped. Keys go in slices, so no single statement holds a month of them.
 */
export async function dropCallPartitionsBefore(cutoff: Date): Promise<string[]> {
  const expired = (await callPartitions()).filter(({ month }) => addMonths(month, 1) <= cutoff);
  if (expired.length === 0) return [];
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK})`);
    for (const { name } of expired) await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
  });
  forgetKnownPartitions();
  const keptFrom = addMonths(expired.at(-1)!.month, 1);
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM "CallKey" WHERE ctid IN (SELECT ctid FROM "CallKey" WHERE "startedAt" < ${keptFrom} LIMIT 10000)`;
    if (deleted === 0) break;
  }
  return expired.map(({ name }) => name);
}

/** This month's partition and the next MONTHS_AHEAD, so the first calls of a month wait for nothing. */
export async function ensureComingPartitions(now: Date): Promise<void> {
  await ensureCallPartitions(Array.from({ length: MONTHS_AHEAD + 1 }, (_, ahead) => addMonths(now, ahead)));
}
