import PgBoss from "pg-boss";
import { jobDatabase, type Tx } from "@/server/db";
import { logger } from "@/server/observability/logger";
import { transactionJobDatabase } from "./connection";
import { processSingleton, releaseProcessSingleton } from "@/server/process-singleton";

/**
 * Durable background work on PostgreSQL (pg-boss): a job survives restarts, runs once across
 * every instance, and is retried with the queue's policy when it throws. Each feature declares
 * its jobs with `defineJob`; server/jobs/definitions.ts lists them for the server to work.
 */
export type JobDefinition<Data extends object> = {
  /** The queue's name, unique in the portal. */
  queue: string;
  /** Retries, backoff, expiry and retention of the queue's jobs (pg-boss queue options). */
  policy?: Omit<PgBoss.Queue, "name">;
  /** A recurring job: a cron expression (UTC); one job per tick across every instance. */
  cron?: string;
  /** Polling and batching of the queue's worker. */
  work?: PgBoss.WorkOptions;
  /**
   * How many of the queue's jobs one process runs at once, each completed on its own, so a slow
   * job holds up only its own place (see `startPool`). Without it, one pg-boss worker runs the
   * jobs of each fetched batch one after another.
   */
  concurrency?: number;
  /** Does one job. Throwing fails this attempt; the queue's policy decides whether it is retried. */
  run: (data: Data, job: PgBoss.Job<Data>) => Promise<void>;
};

export function defineJob<Data extends object>(definition: JobDefinition<Data>): JobDefinition<Data> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of definitions whose data types differ
export type AnyJobDefinition = JobDefinition<any>;

type QueueState = {
  boss: PgBoss;
  started: Promise<PgBoss>;
  createdQueues: Map<string, Promise<void>>;
  pools: Pool[];
};

// One queue client per process, created on first use.
function queueState(): QueueState {
  return processSingleton("portalJobs", createQueueState);
}

function createQueueState(): QueueState {
  // Two connections of its own beside the portal's pool (docs/deploy.md counts them).
  const boss = new PgBoss({ ...jobDatabase(), schema: "pgboss", max: 2, application_name: "portal-jobs" });
  boss.on("error", (error) => logger.error({ err: error }, "Job queue error"));
  const state: QueueState = { boss, started: boss.start(), createdQueues: new Map(), pools: [] };
  return state;
}

async function ensureQueue(state: QueueState, definition: AnyJobDefinition): Promise<PgBoss> {
  const boss = await state.started;
  let created = state.createdQueues.get(definition.queue);
  if (!created) {
    created = createQueueOnce(boss, definition).catch((error: unknown) => {
      state.createdQueues.delete(definition.queue);
      throw error;
    });
    state.createdQueues.set(definition.queue, created);
  }
  await created;
  return boss;
}

/** PostgreSQL's codes for a deadlock victim and a lost insert race. */
const RACE_CODES = new Set(["40P01", "23505"]);

/**
 * Creates a queue if it does not exist yet. Instances starting together create the same queues
 * at the same moment, and PostgreSQL may break the tie by failing one of them; creating is
 * idempotent, so the one that lost simply tries again.
 */
async function createQueueOnce(boss: PgBoss, definition: AnyJobDefinition): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(definition.queue, { name: definition.queue, ...definition.policy });
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof code !== "string" || !RACE_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/**
 * Starts working every job of `definitions` in this process (the server does this once at start).
 * Several instances may each call it: pg-boss hands each job to one of them.
 */
export async function startJobs(definitions: readonly AnyJobDefinition[]): Promise<void> {
  const state = queueState();
  for (const definition of definitions) {
    const boss = await ensureQueue(state, definition);
    if (definition.concurrency) {
      state.pools.push(startPool(boss, definition, definition.concurrency));
      continue;
    }
    await boss.work<object>(definition.queue, { batchSize: 1, pollingIntervalSeconds: 1, ...definition.work }, async (jobs) => {
      for (const job of jobs) {
        try {
          await definition.run(job.data, job);
        } catch (error) {
          logger.error({ err: error, queue: definition.queue, jobId: job.id }, "Job failed");
          throw error;
        }
      }
    });
    if (definition.cron) await boss.schedule(definition.queue, definition.cron, {}, { tz: "UTC" });
    else await boss.unschedule(definition.queue);
  }
  logger.info({ queues: definitions.map((definition) => definition.queue) }, "Job workers started");
}

/** Stops the workers, letting running jobs finish for up to `timeoutMs`, and closes the queue's pool. */
export async function stopJobs(timeoutMs = 10_000): Promise<void> {
  const state = releaseProcessSingleton<QueueState>("portalJobs");
  if (!state) return;
  await state.started;
  const deadline = Date.now() + timeoutMs;
  await Promise.all(state.pools.map((pool) => pool.stop(timeoutMs)));
  await state.boss.stop({ graceful: true, timeout: Math.max(1000, deadline - Date.now()), wait: true });
}

type Pool = { stop: (timeoutMs: number) => Promise<void> };

/**
 * Runs up to `size` jobs of a queue at once in this process. It fetches as many jobs as it has
 * free places, runs each on its own and completes or fails each when it ends, and fetches again
 * when a place frees up (or after the polling interval while the queue is empty). A pg-boss
 * worker instead waits for its whole batch before fetching more, so one slow job delays every
 * job fetched after it. A job that throws fails alone, and the queue's policy retries it.
 */
function startPool(boss: PgBoss, definition: AnyJobDefinition, size: number): Pool {
  const { queue } = definition;
  const intervalMs = (definition.work?.pollingIntervalSeconds ?? 1) * 1000;
  const running = new Set<Promise<void>>();
  let stopping = false;
  let placeFreed = false;
  let wake: () => void = () => {};

  const runOne = async (job: PgBoss.Job<object>) => {
    try {
      await definition.run(job.data, job);
      await boss.complete(queue, job.id);
    } catch (error) {
      logger.error({ err: error, queue, jobId: job.id }, "Job failed");
      const message = error instanceof Error ? error.message : String(error);
      await boss.fail(queue, job.id, { message }).catch((failError: unknown) => {
        // Left active, pg-boss expires it and retries it by the queue's policy.
        logger.error({ err: failError, queue, jobId: job.id }, "Could not mark a failed job");
      });
    }
  };

  /** Until a place frees up, the pool stops, or the polling interval passes. */
  const pause = () =>
    new Promise<void>((resolve) => {
      if (placeFreed || stopping) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopping) {
      placeFreed = false;
      const free = size - running.size;
      if (free > 0) {
        try {
          for (const job of await boss.fetch<object>(queue, { batchSize: free })) {
            const run: Promise<void> = runOne(job).finally(() => {
              running.delete(run);
              placeFreed = true;
              wake();
            });
            running.add(run);
          }
        } catch (error) {
          logger.error({ err: error, queue }, "Fetching jobs failed");
        }
      }
      await pause();
      wake = () => {};
    }
  })();

  return {
    async stop(timeoutMs: number) {
      stopping = true;
      wake();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled(running), gaveUp]);
      clearTimeout(timer);
    },
  };
}

export type EnqueueOptions = {
  /** Queue the job in this transaction: it exists only if the transaction commits. */
  tx?: Tx;
  /** Not before this time. */
  startAfter?: Date;
  /** At most one queued job with this key (pg-boss singleton). */
  singletonKey?: string;
};

/**
 * Queues one job and answers its id. A process that works no jobs (a script, a test) can still
 * queue them: the queue client is opened on first use.
 */
export async function enqueue<Data extends object>(
  definition: JobDefinition<Data>,
  data: Data,
  options: EnqueueOptions = {},
): Promise<string> {
  const boss = await ensureQueue(queueState(), definition);
  const id = await boss.send(definition.queue, data, {
    startAfter: options.startAfter,
    singletonKey: options.singletonKey,
    db: options.tx ? transactionJobDatabase(options.tx) : undefined,
  });
  if (!id) throw new Error(`Job not queued on ${definition.queue}: one with the same key is already waiting`);
  return id;
}

/** Cancels a job that has not run yet (in `tx` when given). */
export async function cancelJob(definition: AnyJobDefinition, jobId: string, options: { tx?: Tx } = {}): Promise<void> {
  const boss = await ensureQueue(queueState(), definition);
  await boss.cancel(definition.queue, jobId, { db: options.tx ? transactionJobDatabase(options.tx) : undefined });
}

/** A job's state (created, retry, active, completed, cancelled, failed), or null when unknown. */
export async function jobState(definition: AnyJobDefinition, jobId: string): Promise<string | null> {
  const boss = await ensureQueue(queueState(), definition);
  const job = await boss.getJobById(definition.queue, jobId);
  return job?.state ?? null;
}
