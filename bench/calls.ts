import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import superjson from "superjson";
import { deployMigrations } from "@/prisma/migrate";
import { hashApiPassword } from "@/server/auth/api-password";
import { createPrismaClient } from "@/server/db";
import { childPath } from "@/server/services/accounts/tree";
import { foldCallRollups } from "@/server/services/calls/rollups";
import { launchLineArgs } from "@/tests/support/launch";
import { createScratchDatabase } from "@/tests/support/scratch-database";

/**
 * The call history at volume, on a scratch PostgreSQL database (TEST_POSTGRES_URL), against the
 * portal as `npm start` runs it (the production build, built first if there is none):
 *
 * 1. COPY (pg-copy-streams) of 200,000 calls of about 6 steps into "Call": the baseline, the
 *    fastest PostgreSQL takes these rows. Three times, into three accounts, and the median rate
 *    taken: one COPY lasts about two seconds, and on a shared machine single runs ranged from
 *    67,000 to 120,000 calls a second.
 * 2. The same calls through POST /voip/call in batches of 500, BENCH_CALLS_PARALLEL at a time, in
 *    the order they ended (as a switch reports them; the COPY takes them in that order too),
 *    with their idempotency keys and rollups, posted with node:http (the lightest client), with
 *    nothing else running, as the COPY ran: the ingest rate. Then twice as many more calls of
 *    the same account, while another customer's portal reads (its Calls page, tRPC calls.list,
 *    40 a second, from a thread of their own) are timed, against 1,000 of the same reads at the
 *    same pace while the server is idle: several hundred reads on each side, so that each p99
 *    is not one slow read. The server's resident memory is sampled throughout.
 * 3. The account grows to 1,000,000 calls in 30 days (COPY, rollups recomputed from the calls);
 *    then one flow's stats and the first page of the calls list, as the REST API answers them.
 *
 * Each figure is printed beside its target. BENCH_CALLS (default 200000, at most 333333, as the
 * account holds three times as many before it grows) and BENCH_CALLS_PORT (default 3790) change
 * the run.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const TOTAL_CALLS = 1_000_000;
if (!(CALLS > 0 && 3 * CALLS <= TOTAL_CALLS)) throw new Error(`BENCH_CALLS must be between 1 and ${Math.floor(TOTAL_CALLS / 3)}`);
/** Runs of the COPY baseline, whose median rate is the baseline. */
const COPY_RUNS = 3;
/** Portal reads timed on the idle server. */
const IDLE_READS = 1000;
const BATCH = 500;
const PARALLEL = Number(process.env.BENCH_CALLS_PARALLEL ?? 4);
const PORT = Number(process.env.BENCH_CALLS_PORT ?? 3790);
const DAYS = 30;
const SECRET = "bench-secret-not-for-production-0123456789";
const TARGETS = { copyRatio: 0.3, callsPerSecond: 3000, statsMs: 300, firstPageMs: 100, readsUnderLoad: 2 };
const API_PASSWORD = "bench-api-password-0123456789abcdef";
/** Another account's portal reads (its Calls page) come one every this many ms: 40 a second. */
const READ_EVERY_MS = 25;

process.env.NEXTAUTH_SECRET = SECRET;

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build: running next build first.");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** A deterministic generator (mulberry32), so every run posts the same calls. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** start → recording → greeting → menu (1: ring, 2 and timeout: voicemail) → ring (noanswer: voicemail). */
const FLOW = {
  start: { module: "start", next: "rec" },
  rec: { module: "recording", next: "greeting" },
  greeting: { module: "play", next: "menu" },
  menu: { module: "pressextension", next: { "1": "ring", "2": "mail", timeout: "mail", invalid: "mail" } },
  ring: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: "mail" },
  mail: { module: "busy" },
};

type BenchCall = {
  call_id: string;
  flow: string;
  number: string;
  caller: string;
  started_at: string;
  ended_at: string;
  outcome: string;
  steps: { module: string; at: string; route?: string }[];
};

/** Call `i` of a series: started within the last 30 days, 5 or 6 steps, a realistic mix of keys. */
/** The order a switch reports calls in: as they ended. */
function byEnd(a: BenchCall, b: BenchCall): number {
  return a.ended_at < b.ended_at ? -1 : a.ended_at > b.ended_at ? 1 : 0;
}

function makeCall(i: number, flow: string, prefix: string, next: () => number, now: number): BenchCall {
  const started = now - 600_000 - Math.floor(next() * DAYS * 86_400_000);
  const at = (seconds: number) => new Date(started + seconds * 1000).toISOString();
  const key = next() < 0.6 ? "1" : next() < 0.5 ? "2" : "timeout";
  const steps: BenchCall["steps"] = [
    { module: "start", at: at(0), route: "next" },
    { module: "rec", at: at(0), route: "next" },
    { module: "greeting", at: at(1), route: "next" },
    { module: "menu", at: at(6), route: key },
  ];
  let outcome = "voicemail";
  let length = 20 + Math.floor(next() * 120);
  if (key === "1") {
    const answered = next() < 0.7;
    steps.push({ module: "ring", at: at(12), ...(answered ? {} : { route: "noanswer" }) });
    if (answered) {
      outcome = "answered";
      length = 30 + Math.floor(next() * 600);
    } else steps.push({ module: "mail", at: at(42) });
  } else steps.push({ module: "mail", at: at(12) });
  if (next() < 0.12) outcome = "hangup";
  return {
    call_id: `${prefix}-${i}`,
    flow,
    number: "+441632960001",
    caller: `+4477009${String(Math.floor(next() * 100_000)).padStart(5, "0")}`,
    started_at: at(0),
    ended_at: at(length),
    outcome,
    steps,
  };
}

/** A call as "Call" keeps it, in COPY's text format (tab-separated; the JSON holds no tab or backslash). */
function copyLine(call: BenchCall, accountId: string): string {
  return `${[accountId, call.started_at, call.call_id, call.flow, 1, call.ended_at, call.outcome, call.number, call.caller, JSON.stringify(call.steps)].join("\t")}\n`;
}

async function copyCalls(url: string, accountId: string, calls: Iterable<BenchCall>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stream = client.query(
      copyFrom(
        `COPY "Call" ("accountId", "startedAt", "callId", "callFlowId", "flowVersion", "endedAt", "outcome", "number", "caller", "steps") FROM STDIN`,
      ),
    );
    async function* lines() {
      let chunk = "";
      for (const call of calls) {
        chunk += copyLine(call, accountId);
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(lines()), stream);
  } finally {
    await client.end();
  }
}

/** The pace and timing of the portal reads, run in the reader thread (plain JavaScript). */
const READER_SOURCE = `
const { parentPort, workerData: { url, cookie, everyMs } } = require("node:worker_threads");
const read = async () => {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error("portal read answered " + response.status);
  return performance.now() - started;
};
// A busy portal's pace: a read every everyMs (or straight after the one before, when that took longer).
const paced = async () => {
  const took = await read();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - took)));
  return took;
};
let stopped = false;
parentPort.on("message", async (command) => {
  if (command === "stop") return void (stopped = true);
  const times = [];
  stopped = false;
  while (command === "untilStopped" ? !stopped : times.length < command) times.push(await paced());
  parentPort.postMessage(times);
});`;

/** Times `url`'s reads in a thread of their own: `run(n)` reads n times, `runUntilStopped()` until its stop. */
function portalReader(url: string, cookie: string) {
  const thread = new Worker(READER_SOURCE, { eval: true, workerData: { url, cookie, everyMs: READ_EVERY_MS } });
  const answer = () =>
    new Promise<number[]>((resolve, reject) => {
      thread.once("message", resolve);
      thread.once("error", reject);
    });
  return {
    run: (reads: number) => {
      const times = answer();
      thread.postMessage(reads);
      return times;
    },
    runUntilStopped: () => {
      const times = answer();
      thread.postMessage("untilStopped");
      return () => {
        thread.postMessage("stop");
        return times;
      };
    },
    close: () => thread.terminate(),
  };
}

const database = await createScratchDatabase("bench_calls");
let server: ChildProcess | undefined;
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  const { client: db, close } = createPrismaClient({ kind: "postgres", url: database.url });
  const account = async (
    name: string,
    kind: "platform" | "reseller" | "customer",
    parent: { id: string; path: string } | null,
  ) => {
    const id = randomUUID();
    return db.account.create({
      data: { id, name, kind, parentId: parent?.id ?? null, path: childPath(parent?.path ?? "/", id) },
    });
  };
  const root = await account("bench-platform", "platform", null);
  const reseller = await account("bench-reseller", "reseller", root);
  const customer = await account("bench-customer", "customer", reseller);
  const copiedAccounts = [];
  for (let run = 1; run <= COPY_RUNS; run++) copiedAccounts.push(await account(`bench-copied-${run}`, "customer", reseller));
  const neighbour = await account("bench-neighbour", "customer", reseller);
  const flowOf = async (accountId: string, extension: number) => {
    const document = { name: "Reception", extension, flow: FLOW, showCallRouteName: false, showOriginalCallerId: false };
    const flow = await db.callFlow.create({ data: { accountId, ...document } });
    await db.callFlowRevision.create({
      data: {
        callFlowId: flow.id,
        accountId,
        version: 1,
        ...document,
        createdAt: new Date("2020-01-01"),
        createdByLabel: "bench",
      },
    });
    return flow.id;
  };
  const flowId = await flowOf(customer.id, 500);
  const neighbourFlow = await flowOf(neighbour.id, 500);
  await db.apiCredential.create({
    data: { accountId: reseller.id, username: "api", passwordHash: hashApiPassword(API_PASSWORD) },
  });
  const neighbourUser = await db.user.create({
    data: {
      email: "owner@neighbour.example",
      displayName: "Neighbour",
      passwordHash: "unused",
      role: "customer",
      accountId: neighbour.id,
    },
  });
  const cookie = `next-auth.session-token=${await encode({ token: { sub: neighbourUser.id, sv: neighbourUser.sessionVersion }, secret: SECRET })}`;
  const now = Date.now();
  // COPY needs the months' partitions, which the server makes as it ingests.
  process.env.DATABASE_URL = database.url;
  const { ensureCallPartitions } = await import("@/server/db/call-partitions");
  const { closeDatabase } = await import("@/server/db");
  await ensureCallPartitions([new Date(now - (DAYS + 1) * 86_400_000), new Date(now)]);
  await closeDatabase();

  // The neighbour has calls of its own, so its reads return a page.
  const neighbourNext = random(7);
  await copyCalls(
    database.url,
    neighbour.id,
    Array.from({ length: 5000 }, (_, i) => makeCall(i, neighbourFlow, "n", neighbourNext, now)),
  );

  // ─── 1. COPY: the baseline ───
  const next = random(42);
  // In the order they ended, as a switch reports its calls (and COPY takes them in the same order).
  const calls = Array.from({ length: CALLS }, (_, i) => makeCall(i, flowId, "c", next, now)).sort(byEnd);
  const copyRates: number[] = [];
  for (const copied of copiedAccounts) {
    const copyStarted = performance.now();
    await copyCalls(database.url, copied.id, calls);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    copyRates.push(CALLS / copySeconds);
    console.log(`COPY: ${CALLS} calls in ${copySeconds.toFixed(1)} s, ${Math.round(CALLS / copySeconds)} calls/s`);
  }
  const copyRate = [...copyRates].sort((a, b) => a - b)[Math.floor(COPY_RUNS / 2)]!;
  await close();

  // ─── 2. POST /voip/call ───
  const args = launchLineArgs("start");
  server = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (attempt > 240) throw new Error("the server did not start within 2 minutes");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  // Another customer's portal reads come from a thread of their own, as from another machine: the
  // bench's posting never delays their timing.
  const readUrl = `${base}/api/trpc/calls.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ accountId: neighbour.id, limit: 50 })))}`;
  const reader = portalReader(readUrl, cookie);
  const quantile = (times: number[], q: number) => [...times].sort((a, b) => a - b)[Math.floor(times.length * q)]!;
  const p50 = (times: number[]) => quantile(times, 0.5);
  const p99 = (times: number[]) => quantile(times, 0.99);
  await reader.run(50);
  const idle = await reader.run(IDLE_READS);

  const batchesOf = (list: BenchCall[]) =>
    Array.from({ length: Math.ceil(list.length / BATCH) }, (_, b) =>
      Buffer.from(JSON.stringify({ calls: list.slice(b * BATCH, (b + 1) * BATCH) })),
    );
  const headers = {
    "Content-Type": "application/json",
    "X-Auth-Reseller": reseller.name,
    "X-Auth-User": "api",
    "X-Auth-Password": API_PASSWORD,
  };
  // The switch's side: plain node:http over kept-alive connections, the lightest client there is,
  // so the bench's own work takes as little as it can of the CPU the portal is measured on.
  const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  const postBatch = (body: Buffer) =>
    new Promise<{ status: number; answer: { result: { accepted: number; rejected: unknown[] } } }>((resolve, reject) => {
      const request = http.request(
        `${base}/voip/call`,
        { method: "POST", agent, headers: { ...headers, "Content-Length": String(body.length) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode!, answer: JSON.parse(Buffer.concat(chunks).toString()) }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const rssMb = () => {
    const status = readFileSync(`/proc/${server!.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  };
  const rssBefore = rssMb();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb());
  }, 100);
  /** Posts the batches of `count` calls, PARALLEL at a time; answers how long they took. */
  const ingest = async (bodies: Buffer[], count: number) => {
    let accepted = 0;
    let nextBody = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (nextBody < bodies.length) {
          const body = bodies[nextBody++]!;
          const { status, answer } = await postBatch(body);
          if (status !== 200 || answer.result.rejected.length > 0) {
            throw new Error(`POST /voip/call answered ${status}: ${JSON.stringify(answer).slice(0, 500)}`);
          }
          accepted += answer.result.accepted;
        }
      }),
    );
    if (accepted !== count) throw new Error(`${accepted} of ${count} calls were accepted`);
    return (performance.now() - started) / 1000;
  };

  // 2a. The ingest alone, as the COPY ran.
  const ingestSeconds = await ingest(batchesOf(calls), CALLS);
  const ingestRate = CALLS / ingestSeconds;
  console.log(`POST /voip/call: ${CALLS} calls in ${ingestSeconds.toFixed(1)} s, ${Math.round(ingestRate)} calls/s`);

  // 2b. Twice as many more calls of the same account, while the neighbour reads.
  const moreCount = 2 * CALLS;
  const moreCalls = Array.from({ length: moreCount }, (_, i) => makeCall(CALLS + i, flowId, "c", next, now)).sort(byEnd);
  const moreBodies = batchesOf(moreCalls);
  const duringIngest = reader.runUntilStopped();
  const loadedSeconds = await ingest(moreBodies, moreCount);
  const underLoad = await duringIngest();
  await reader.close();
  clearInterval(sampler);
  const idleP99 = p99(idle);
  const loadP99 = p99(underLoad);
  console.log(
    `POST /voip/call with the neighbour reading: ${moreCount} calls in ${loadedSeconds.toFixed(1)} s, ${Math.round(moreCount / loadedSeconds)} calls/s; ${underLoad.length} portal reads p50 ${p50(underLoad).toFixed(1)} ms and p99 ${loadP99.toFixed(1)} ms during, ${idle.length} p50 ${p50(idle).toFixed(1)} ms and p99 ${idleP99.toFixed(1)} ms idle`,
  );

  // ─── 3. 1,000,000 calls in 30 days ───
  // A plain connection: recounting a million calls takes longer than the portal lets a statement run.
  const direct = new pg.Client({ connectionString: database.url });
  await direct.connect();
  const more = random(99);
  const grown = performance.now();
  await copyCalls(
    database.url,
    customer.id,
    (function* () {
      for (let i = 3 * CALLS; i < TOTAL_CALLS; i++) yield makeCall(i, flowId, "c", more, now);
    })(),
  );
  // The rollups of the flow, counted again from its million calls as ingest counts them, once
  // every batch ingest left is folded (the server folds each second, and before each read).
  const { client: folder, close: closeFolder } = createPrismaClient({ kind: "postgres", url: database.url });
  await foldCallRollups(folder);
  await closeFolder();
  for (const table of ["CallOutcomeStat", "CallDurationStat", "CallModuleStat", "CallRouteStat"]) {
    await direct.query(`DELETE FROM "${table}" WHERE "callFlowId" = $1::uuid`, [flowId]);
  }
  await direct.query(
    `WITH c AS (SELECT *, ("startedAt" AT TIME ZONE 'UTC')::date AS day FROM "Call" WHERE "callFlowId" = $1::uuid AND "accountId" = $2::uuid),
     o AS (INSERT INTO "CallOutcomeStat" SELECT "callFlowId", "flowVersion", day, outcome, "accountId", count(*) FROM c GROUP BY 1, 2, 3, 4, 5),
     d AS (INSERT INTO "CallDurationStat" SELECT "callFlowId", "flowVersion", day, floor(extract(epoch FROM "endedAt" - "startedAt"))::int, count(*) FROM c GROUP BY 1, 2, 3, 4),
     s AS (SELECT c."callFlowId", c."flowVersion", c.day, c."callId", st.value->>'module' AS module, st.value->>'route' AS route, st.n = jsonb_array_length(c.steps) AS last
             FROM c CROSS JOIN LATERAL jsonb_array_elements(c.steps) WITH ORDINALITY AS st(value, n)),
     m AS (INSERT INTO "CallModuleStat" SELECT "callFlowId", "flowVersion", day, module, count(DISTINCT "callId"), count(*) FILTER (WHERE last) FROM s GROUP BY 1, 2, 3, 4)
     INSERT INTO "CallRouteStat" SELECT "callFlowId", "flowVersion", day, module, route, count(DISTINCT "callId") FROM s WHERE route IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
    [flowId, customer.id],
  );
  await direct.query("ANALYZE");
  console.log(`Grew the account to ${TOTAL_CALLS} calls in ${((performance.now() - grown) / 1000).toFixed(0)} s.`);
  await direct.end();

  const timed = async (url: string, check: (result: unknown) => void) => {
    for (let i = 0; i < 5; i++) await fetch(url, { headers }).then((response) => response.arrayBuffer());
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const response = await fetch(url, { headers: { ...headers, "X-Auth-For": customer.name } });
      const answer = (await response.json()) as { result: unknown };
      times.push(performance.now() - started);
      check(answer.result);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const statsMs = await timed(`${base}/voip/flow/${flowId}/stats`, (result) => {
    if ((result as { calls: number }).calls !== TOTAL_CALLS)
      throw new Error(`stats counted ${JSON.stringify(result).slice(0, 200)}`);
  });
  const firstPageMs = await timed(`${base}/voip/call?limit=50`, (result) => {
    if ((result as { items: unknown[] }).items.length !== 50) throw new Error("the first page is not 50 calls");
  });

  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(`\n${"figure".padEnd(58)}${"measured".padStart(16)}   target`);
  const line = (figure: string, measured: string, target: string, ok: boolean) =>
    console.log(`${figure.padEnd(58)}${measured.padStart(16)}   ${target} (${verdict(ok)})`);
  line(`COPY baseline, median of ${COPY_RUNS} runs (calls/s)`, `${Math.round(copyRate)}`, "-", true);
  line(
    `POST /voip/call, batches of ${BATCH}, ${PARALLEL} at a time (calls/s)`,
    `${Math.round(ingestRate)}`,
    `>= ${TARGETS.callsPerSecond}`,
    ingestRate >= TARGETS.callsPerSecond,
  );
  line(
    "ingest ÷ COPY",
    (ingestRate / copyRate).toFixed(2),
    `>= ${TARGETS.copyRatio}`,
    ingestRate / copyRate >= TARGETS.copyRatio,
  );
  line(
    `one flow's stats, ${TOTAL_CALLS} calls in ${DAYS} days (median ms)`,
    statsMs.toFixed(1),
    `< ${TARGETS.statsMs} ms`,
    statsMs < TARGETS.statsMs,
  );
  line(
    `first page of the calls list at ${TOTAL_CALLS} calls (median ms)`,
    firstPageMs.toFixed(1),
    `< ${TARGETS.firstPageMs} ms`,
    firstPageMs < TARGETS.firstPageMs,
  );
  line(
    "another account's portal reads, p99 during ingest ÷ idle",
    `${(loadP99 / idleP99).toFixed(2)} (${loadP99.toFixed(1)}/${idleP99.toFixed(1)} ms)`,
    `< ${TARGETS.readsUnderLoad}×`,
    loadP99 / idleP99 < TARGETS.readsUnderLoad,
  );
  console.log(`server memory (RSS): ${rssBefore.toFixed(0)} MB before ingest, ${rssPeak.toFixed(0)} MB at most during it`);
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await database.drop();
}
