import { Worker } from "node:worker_threads";
import { z } from "zod";
import type { RequestContext } from "@/server/auth/actor";
import { databaseTarget } from "@/server/db/target";
import { MAX_CALLS_PER_BATCH, ZCallInput } from "@/server/domain/calls/call-input";
import { AppError, type AppErrorCode, type FieldIssue } from "@/server/errors";
import { keyedPlaces } from "@/server/keyed-places";
import { logger } from "@/server/observability/logger";
import { processSingleton } from "@/server/process-singleton";
import { type IngestResult, ingestCalls } from "@/server/services/calls/ingest";
import { parseJsonBytes } from "./body";
import type { BodyCall, RequestPlaces, VoipOutcome } from "./handler";
import { parseBody, parsedByCommand, restBody } from "./input";

// ─── POST /voip/call, OFF THE REQUEST THREAD ─── A batch is parsed, checked and written by an
// ingest thread (call-ingest-worker.ts): worker threads of their own at a lower CPU priority, each
// with a connection of its own. The request thread only reads the body's bytes and hands them to
// the thread with the fewest batches, so the portal's other requests never wait behind a batch's
// parsing, and when the CPU is short they get it first. On the embedded database (one
// connection, in this process) batches are worked here instead.

/** A batch of 1,000 calls of about 25 steps each fits; the usual 256 KB would not hold 500 calls. */
export const MAX_CALL_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * One thread, with one connection: measured (bench:calls, the same runs), a second thread no
 * longer added to the ingest once the steps went to PostgreSQL as jsonb and instants were read by
 * hand (0.24 of COPY with either), while it slowed the other accounts' reads (their p99 1.8 to 2.5
 * times idle with one thread, 2.7 to 3.0 with two) and held about 200 MB more.
 */
const INGEST_THREADS = 1;
/** Each thread works two batches at once: one checked while the other's statement runs. */
const PLACES_PER_THREAD = 2;
/**
 * Each process works at most this many batches at once; more wait unread (their bodies stay in
 * the socket), up to 10 s, then are told to retry (503). So memory stays bounded whatever the
 * batch mix: at most this many bodies of MAX_CALL_BATCH_BYTES, parsed, at a time.
 */
const INGEST_PLACES = INGEST_THREADS * PLACES_PER_THREAD;
const INGEST_WAIT_MS = 10_000;
/** The ingest thread's nice value: the request thread (0) gets the CPU first when both want it. */
const INGEST_THREAD_NICE = 10;

const ingestPlaces = keyedPlaces("callIngest", { places: () => INGEST_PLACES, maxWaiting: () => 256 });
export const CALL_INGEST_PLACES: RequestPlaces = {
  take: () => ingestPlaces.take("all", INGEST_WAIT_MS),
  release: () => ingestPlaces.release("all"),
};

/** Only the batch's size is a 400 of the request; each call is judged on its own by the service. */
const CALL_BATCH = restBody({
  what: "batch of calls",
  name: "CallBatch",
  schema: z.object({
    calls: z
      .array(z.unknown(), "must be a list of calls")
      .min(1, "must hold at least 1 call")
      .max(MAX_CALLS_PER_BATCH, `must hold at most ${MAX_CALLS_PER_BATCH.toLocaleString("en")} calls`),
  }),
  documentedAs: z.object({ calls: z.array(ZCallInput).min(1).max(MAX_CALLS_PER_BATCH) }),
  maxBytes: MAX_CALL_BATCH_BYTES,
});

/** The route's body: its bytes, parsed by ingestBatch where the batch is worked. */
export const CALL_BATCH_BODY = parsedByCommand(CALL_BATCH);

export type IngestRequest = { ctx: RequestContext; accountId: string; bytes: Uint8Array };

/** A batch's body parsed and its calls stored: what the ingest thread does with each request. */
export async function ingestBatch({ ctx, accountId, bytes }: IngestRequest): Promise<IngestResult> {
  const { calls } = parseBody(CALL_BATCH, parseJsonBytes(bytes));
  return ingestCalls(ctx, { accountId, calls });
}

/** What the ingest thread answers a request with: the result, or the error as it can cross threads. */
export type IngestReply =
  | { id: number; result: IngestResult }
  | { id: number; appError: { code: AppErrorCode; message: string; issues: FieldIssue[] } }
  | { id: number; failure: { message: string; stack?: string } };

export function errorReply(id: number, error: unknown): IngestReply {
  if (error instanceof AppError) return { id, appError: { code: error.code, message: error.message, issues: error.issues } };
  const failure = error instanceof Error ? error : new Error(String(error));
  return { id, failure: { message: failure.message, stack: failure.stack } };
}

type Waiter = { resolve: (result: IngestResult) => void; reject: (error: Error) => void };
type IngestThread = { worker: Worker; waiting: Map<number, Waiter>; nextId: number };
type ThreadSlot = { current: IngestThread | null };

const threadSlots = () =>
  processSingleton<ThreadSlot[]>("callIngestThreads", () => Array.from({ length: INGEST_THREADS }, () => ({ current: null })));

function startThread(slot: ThreadSlot): IngestThread {
  // The portal's TypeScript runs through tsx, which the thread registers before loading its entry
  // (from the portal's folder, where npm runs it).
  const entry = JSON.stringify(new URL("./call-ingest-worker.ts", import.meta.url).href);
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${entry}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { nice: INGEST_THREAD_NICE },
    env: { ...process.env, DATABASE_POOL_SIZE: "1" },
  });
  // The thread never keeps the process alive: shutdown waits for requests, not for it.
  worker.unref();
  const thread: IngestThread = { worker, waiting: new Map(), nextId: 0 };
  worker.on("message", (reply: IngestReply) => {
    const waiter = thread.waiting.get(reply.id);
    thread.waiting.delete(reply.id);
    if (!waiter) return;
    if ("result" in reply) waiter.resolve(reply.result);
    else if ("appError" in reply) waiter.reject(new AppError(reply.appError.code, reply.appError.message, reply.appError.issues));
    else waiter.reject(Object.assign(new Error(reply.failure.message), { stack: reply.failure.stack }));
  });
  const lost = (error: Error) => {
    if (slot.current === thread) slot.current = null;
    for (const waiter of thread.waiting.values()) waiter.reject(error);
    thread.waiting.clear();
  };
  worker.on("error", (error) => {
    logger.error({ err: error }, "The call ingest thread failed; the next batch starts another");
    lost(error);
  });
  worker.on("exit", (code) => lost(new Error(`The call ingest thread stopped (exit code ${code})`)));
  return thread;
}

/** This process's ingest threads, each started if there is none in its place (or the last one stopped). */
function runningThreads(): IngestThread[] {
  return threadSlots().map((slot) => {
    slot.current ??= startThread(slot);
    return slot.current;
  });
}

/** The ingest thread with the fewest batches in hand. */
function leastBusyThread(): IngestThread {
  return runningThreads().reduce((best, thread) => (thread.waiting.size < best.waiting.size ? thread : best));
}

/**
 * Starts the ingest threads with the server rather than with the first batch, which would
 * otherwise wait the second or two their modules take to load. The embedded database has none.
 */
export function startCallIngestThreads(): void {
  if (databaseTarget().kind === "postgres") runningThreads();
}

async function ingestOnThread(request: IngestRequest): Promise<IngestResult> {
  const thread = leastBusyThread();
  const id = thread.nextId++;
  const answered = new Promise<IngestResult>((resolve, reject) => thread.waiting.set(id, { resolve, reject }));
  // The bytes move to the thread, not copied.
  thread.worker.postMessage({ id, request }, [request.bytes.buffer as ArrayBuffer]);
  return answered;
}

export async function ingestCallsCommand({ ctx, accountId, body }: BodyCall<Uint8Array>): Promise<VoipOutcome> {
  const request: IngestRequest = { ctx, accountId, bytes: body };
  const onThread = databaseTarget().kind === "postgres";
  return { status: 200, result: await (onThread ? ingestOnThread(request) : ingestBatch(request)) };
}
