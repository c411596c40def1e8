import { db } from "@/server/db";
import { NO_ACCOUNT } from "@/server/services/usage/usage";
import { logger } from "@/server/observability/logger";
import { reportMeteringBuffer } from "@/server/observability/metrics";
import { processSingleton } from "@/server/process-singleton";

// Metering without a write per request: commands are counted in memory per UTC day, account,
// method, route and status, and the counts are added to ApiUsageDaily in batches, at least every
// FLUSH_INTERVAL_MS and when the server shuts down (server/http/main.ts). A process killed
// outright loses at most the counts of its last interval.

/** One REST API command as the provider would bill it. */
export type MeteredRequest = {
  at: Date;
  /** Null when the request never got as far as an account (bad credentials, unknown X-Auth-For). */
  accountId: string | null;
  method: string;
  /** The route template, e.g. `/voip/flow/{uuid}`: counts group by command, not by object. */
  route: string;
  status: number;
  durationMs: number;
};

export const FLUSH_INTERVAL_MS = 1000;

type Count = {
  day: string;
  accountId: string;
  method: string;
  route: string;
  status: number;
  requests: number;
  durationMs: number;
};

type Meter = { pending: Map<string, Count>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };

const meter = processSingleton<Meter>("apiMeter", () => ({ pending: new Map(), timer: null, flushing: null }));
reportMeteringBuffer(() => meter.pending.size);

/** Counts a request; never fails the request it counts and never waits for the database. */
export function recordApiRequest({ at, accountId, method, route, status, durationMs }: MeteredRequest): void {
  add({ day: at.toISOString().slice(0, 10), accountId: accountId ?? NO_ACCOUNT, method, route, status, requests: 1, durationMs });
}

function add(count: Count): void {
  const key = `${count.day}|${count.accountId}|${count.method}|${count.route}|${count.status}`;
  const pending = meter.pending.get(key);
  if (pending) {
    pending.requests += count.requests;
    pending.durationMs += count.durationMs;
  } else {
    meter.pending.set(key, { ...count });
  }
  meter.timer ??= setTimeout(() => void flushApiUsage(), FLUSH_INTERVAL_MS).unref();
}

/** Adds every pending count to the database: one upsert per key, all in one statement. */
export async function flushApiUsage(): Promise<void> {
  if (meter.timer) clearTimeout(meter.timer);
  meter.timer = null;
  // One flush at a time, so two never add the same counts; a later call waits and flushes again.
  while (meter.flushing) await meter.flushing;
  if (meter.pending.size === 0) return;
  const counts = [...meter.pending.values()];
  meter.pending = new Map();
  meter.flushing = write(counts).finally(() => {
    meter.flushing = null;
  });
  await meter.flushing;
}

/** Keys per statement, well within PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

async function write(counts: Count[]): Promise<void> {
  for (let start = 0; start < counts.length; start += BATCH) await writeBatch(counts.slice(start, start + BATCH));
}

async function writeBatch(counts: Count[]): Promise<void> {
  const values = counts.map(
    (_, i) =>
      `($${i * 7 + 1}::date, $${i * 7 + 2}::uuid, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}::int, $${i * 7 + 6}::int, $${i * 7 + 7}::bigint)`,
  );
  const params = counts.flatMap((c) => [c.day, c.accountId, c.method, c.route, c.status, c.requests, c.durationMs]);
  try {
    await db.$executeRawUnsafe(
      `INSERT INTO "ApiUsageDaily" AS u ("day", "accountId", "method", "route", "status", "requests", "totalDurationMs")
       VALUES ${values.join(", ")}
       ON CONFLICT ("day", "accountId", "method", "route", "status")
       DO UPDATE SET "requests" = u."requests" + EXCLUDED."requests", "totalDurationMs" = u."totalDurationMs" + EXCLUDED."totalDurationMs"`,
      ...params,
    );
  } catch (error) {
    // Metering must never fail a request: the counts go back to be retried with the next batch.
    logger.error({ err: error }, "Could not write API usage counts; retrying with the next batch");
    for (const count of counts) add(count);
  }
}
