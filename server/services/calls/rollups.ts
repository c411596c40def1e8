import { type Db, db } from "@/server/db";
import { logger } from "@/server/observability/logger";
import { processSingleton } from "@/server/process-singleton";

// ─── THE ROLLUPS ─── "CallOutcomeStat", "CallDurationStat", "CallModuleStat" and "CallRouteStat"
// count the calls per flow, version and UTC day. Ingest does not update them: each stored batch
// leaves what it adds as one "CallRollupPending" row, written by the batch's own statement
// (server/services/calls/ingest.ts). Folding moves those rows into the rollups, many batches at
// once, in one transaction that deletes the rows it adds, so each batch is counted exactly once.
//
// ─── NEVER STALE ─── Every read of the rollups folds first (foldCallRollups), so it counts every
// batch stored before it began. Between reads each instance folds every FOLD_INTERVAL_MS, so the
// pending rows stay few. Batches of one flow and day then never wait for each other on a shared
// rollup row, and a fold adds up the batches of one day before it touches that day's rows.

/** How often each instance folds what ingest left (a read folds first whatever this says). */
const FOLD_INTERVAL_MS = 1000;
/** Pending batches folded per statement, so a backlog is worked off in bounded steps. */
const FOLD_STEP = 200;

const ON_OUTCOME = `ON CONFLICT ("callFlowId", "flowVersion", "day", "outcome") DO UPDATE SET "calls" = t."calls" + EXCLUDED."calls"`;
const ON_DURATION = `ON CONFLICT ("callFlowId", "flowVersion", "day", "durationS") DO UPDATE SET "calls" = t."calls" + EXCLUDED."calls"`;
const ON_MODULE = `ON CONFLICT ("callFlowId", "flowVersion", "day", "module")
      DO UPDATE SET "entered" = t."entered" + EXCLUDED."entered", "endedHere" = t."endedHere" + EXCLUDED."endedHere"`;
const ON_ROUTE = `ON CONFLICT ("callFlowId", "flowVersion", "day", "module", "route") DO UPDATE SET "calls" = t."calls" + EXCLUDED."calls"`;

/**
 * One step of a fold: up to FOLD_STEP pending batches up to id $1, deleted and added to the
 * rollups by one statement. Rollup rows are updated in key order, so concurrent folds (another
 * instance's, a read's) never deadlock; a batch another fold has taken is waited for, then found
 * gone, so it is added once.
 */
const FOLD_STEP_SQL = `
    WITH taken AS (
      DELETE FROM "CallRollupPending"
       WHERE id IN (SELECT id FROM "CallRollupPending" WHERE id <= $1 ORDER BY id LIMIT ${FOLD_STEP})
      RETURNING "counted"
    ), outcome_stats AS (
      INSERT INTO "CallOutcomeStat" AS t ("callFlowId", "flowVersion", "day", "outcome", "accountId", "calls")
      SELECT f, v, d, o, min(a::text)::uuid, sum(n)::int
        FROM taken, json_to_recordset("counted"->'outcomes') AS x(f uuid, v int, d date, o text, a uuid, n int)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ${ON_OUTCOME}
    ), duration_stats AS (
      INSERT INTO "CallDurationStat" AS t ("callFlowId", "flowVersion", "day", "durationS", "calls")
      SELECT f, v, d, s, sum(n)::int
        FROM taken, json_to_recordset("counted"->'durations') AS x(f uuid, v int, d date, s int, n int)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ${ON_DURATION}
    ), module_stats AS (
      INSERT INTO "CallModuleStat" AS t ("callFlowId", "flowVersion", "day", "module", "entered", "endedHere")
      SELECT f, v, d, m, sum(n)::int, sum(ended)::int
        FROM taken, json_to_recordset("counted"->'modules') AS x(f uuid, v int, d date, m text, n int, ended int)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ${ON_MODULE}
    ), route_stats AS (
      INSERT INTO "CallRouteStat" AS t ("callFlowId", "flowVersion", "day", "module", "route", "calls")
      SELECT f, v, d, m, r, sum(n)::int
        FROM taken, json_to_recordset("counted"->'routes') AS x(f uuid, v int, d date, m text, r text, n int)
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ${ON_ROUTE}
    )
    SELECT count(*)::int AS folded FROM taken`;

/**
 * Folds every batch stored before this call into the rollups (through `client`: the portal's, or
 * a script's own), waiting for a concurrent fold of any of them to commit. Answers how many
 * batches this call folded.
 */
export async function foldCallRollups(client: Db = db): Promise<number> {
  const [last] = await client.$queryRawUnsafe<{ id: bigint | null }[]>(`SELECT max(id) AS id FROM "CallRollupPending"`);
  if (last?.id === null || last?.id === undefined) return 0;
  let folded = 0;
  for (;;) {
    const [step] = await client.$queryRawUnsafe<{ folded: number }[]>(FOLD_STEP_SQL, last.id);
    folded += step!.folded;
    if (step!.folded > 0) continue;
    // Nothing taken: done, unless batches up to `last` are still held by another fold (the next
    // step waits for it to commit, then finds them gone).
    const [left] = await client.$queryRawUnsafe<{ left: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM "CallRollupPending" WHERE id <= $1) AS left`,
      last.id,
    );
    if (!left!.left) return folded;
  }
}

type FoldingLoop = { timer: NodeJS.Timeout | null; running: Promise<unknown> | null; failing: string | null };

const foldingLoop = () =>
  processSingleton<FoldingLoop>("callRollupFolding", () => ({ timer: null, running: null, failing: null }));

/**
 * Folds every FOLD_INTERVAL_MS in this process, one fold at a time, until stopRollupFolding. A
 * failure is logged when it starts, not every second while it lasts (a database not yet migrated,
 * or out of reach); its end is logged too.
 */
export function startRollupFolding(): void {
  const loop = foldingLoop();
  if (loop.timer) return;
  loop.timer = setInterval(() => {
    if (loop.running) return;
    loop.running = foldCallRollups()
      .then(() => {
        if (loop.failing !== null) logger.info("Folding the call rollups works again");
        loop.failing = null;
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== loop.failing) {
          logger.error({ err: error }, "Folding the call rollups failed; retrying each second, quietly until it works");
        }
        loop.failing = message;
      })
      .finally(() => {
        loop.running = null;
      });
  }, FOLD_INTERVAL_MS);
  loop.timer.unref();
}

/** Stops the loop and waits for a fold in progress (whatever it leaves, the next instance or read folds). */
export async function stopRollupFolding(): Promise<void> {
  const loop = foldingLoop();
  if (loop.timer) clearInterval(loop.timer);
  loop.timer = null;
  await loop.running;
}
