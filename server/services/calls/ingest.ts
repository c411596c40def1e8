import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { type Db, preparedQuery } from "@/server/db";
import type { PreparedQuery } from "@/server/db/adapter";
import { arrayLiteral } from "@/server/db/array-literal";
import { preparedStatement } from "@/server/db/prepared-statements";
import { type CallIssue, type CheckedCall, checkCall, utcInstantMs } from "@/server/domain/calls/call-input";
import { notFound } from "@/server/errors";
import type { InAccount } from "@/server/services/acting-account";
import { ensureCallPartitions, forgetKnownPartitions } from "@/server/db/call-partitions";
import { type FlowVersions, versionLiveAt } from "@/server/domain/calls/versions";
import { moduleKeysOf } from "./versions";

// ─── INGEST ─── POST /voip/call: a batch of up to 1,000 calls in one statement.
// Each call is checked on its own (a refusal names the call's index and field), its flow looked
// up within the reach of the account acted for, its version taken from the flow's revisions at
// `started_at`, and every accepted call written by ONE SQL statement together with what the batch
// adds to the rollups (one "CallRollupPending" row), so a call and its counts are stored together
// or not at all. The counts are folded into the rollups by server/services/calls/rollups.ts: a
// batch never updates a shared rollup row, so batches of the same flow and day never wait for
// each other, and each read of the rollups folds first, so the stats are never behind the calls.
//
// ─── IDEMPOTENCY ─── "CallKey" (call id, account) is the one unique index across every month of
// "Call". The statement claims the batch's keys first, in key order, and writes only the calls
// whose key it claimed: a call sent again, even in a batch running at the same moment, waits for
// the first writer's commit, finds its key taken and counts as a duplicate.

export type IngestResult = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: CallIssue[] }[];
};

export type TIngestCalls = InAccount & { calls: readonly unknown[] };

/** Calls checked between two turns of the event loop. */
const CHECK_SLICE = 100;

/** PostgreSQL's "no partition of relation found for row": a month dropped by another instance. */
const NO_PARTITION_SQLSTATE = "23514";

type FlowRow = { flowId: string; accountId: string; currentVersion: number; versions: [number, number][] };

// ─── TENANT ISOLATION ─── the account acted for must be within the caller's reach, and each flow
// within the account acted for's: a flow anywhere else reads as missing, exactly like a random uuid.
const FLOWS_IN_REACH_SQL = preparedStatement(`
    SELECT f.id AS "flowId", f."accountId", f.version AS "currentVersion",
           COALESCE(json_agg(json_build_array(r.version, floor(extract(epoch FROM r."createdAt") * 1000))
                      ORDER BY r.version) FILTER (WHERE r.version IS NOT NULL), '[]') AS versions
      FROM "Account" acting
      JOIN "Account" a ON starts_with(a.path, acting.path)
      JOIN "CallFlow" f ON f."accountId" = a.id AND f.published
      LEFT JOIN "CallFlowRevision" r ON r."callFlowId" = f.id
     WHERE acting.id = $1::uuid AND starts_with(acting.path, $2::text)
       AND f.id = ANY($3::uuid[])
     GROUP BY f.id`);

/** The flows named, those within reach of the account acted for (itself and the accounts below it). */
async function flowsInReach(ctx: RequestContext, accountId: string, flowIds: string[]): Promise<Map<string, FlowVersions>> {
  const rows = await preparedQuery<FlowRow>(FLOWS_IN_REACH_SQL, [accountId, ctx.principal.accountPath, arrayLiteral(flowIds)]);
  return new Map(
    rows.map((row) => [
      row.flowId,
      {
        flowId: row.flowId,
        accountId: row.accountId,
        currentVersion: row.currentVersion,
        versions: row.versions.map(([version, createdAtMs]) => ({ version, createdAt: new Date(Number(createdAtMs)) })),
      },
    ]),
  );
}

/** A call ready to store: its account, version and steps as kept (unknown modules flagged). */
export type StoredCall = {
  a: string;
  c: string;
  f: string;
  v: number;
  s: string;
  e: string;
  o: string;
  n: string | null;
  k: string | null;
  t: { module: string; at: string; route?: string; unknown_module?: true }[];
};

/** Step `i` is the call's first into its module: a call counts once in each module it entered. */
function firstEntry(steps: StoredCall["t"], i: number): boolean {
  const module = steps[i]!.module;
  for (let j = 0; j < i; j++) if (steps[j]!.module === module) return false;
  return true;
}

/** Step `i` is the call's first out of its module by its route: a call counts once per module and route. */
function firstLeaving(steps: StoredCall["t"], i: number): boolean {
  const { module, route } = steps[i]!;
  if (route === undefined) return false;
  for (let j = 0; j < i; j++) if (steps[j]!.module === module && steps[j]!.route === route) return false;
  return true;
}

/** What one call adds to the module and route rollups, as ANY_BATCH_SQL takes it: the modules it
 * entered (`m`), the one it ended in (`l`), and the modules and routes it left by (`rm`, `rr`). */
function stepsCounted(call: StoredCall): { m: string[]; l: string | null; rm: string[]; rr: string[] } {
  const counted = { m: [] as string[], l: call.t.at(-1)?.module ?? null, rm: [] as string[], rr: [] as string[] };
  call.t.forEach((step, i) => {
    if (firstEntry(call.t, i)) counted.m.push(step.module);
    if (firstLeaving(call.t, i)) {
      counted.rm.push(step.module);
      counted.rr.push(step.route!);
    }
  });
  return counted;
}

/** Adds one to `key`'s count. */
function countOne<Key>(counts: Map<Key, number>, key: Key): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** One flow version's UTC day of a batch, counted: `a` is the flow's account. */
type DayCounts = {
  f: string;
  v: number;
  d: string;
  a: string;
  outcomes: Map<string, number>;
  durations: Map<number, number>;
  modules: Map<string, { n: number; ended: number }>;
  /** By module, then route. */
  routes: Map<string, Map<string, number>>;
};

/**
 * The batch's rollups, counted here: per flow, version and UTC day, the outcomes, the lengths in
 * whole seconds, the modules entered and ended in (each call once per module) and the routes left
 * by (each call once per module and route). A thousand calls a batch: counted in place, without
 * an object per call.
 */
function batchRollups(calls: readonly StoredCall[]) {
  const days = new Map<string, DayCounts>();
  for (const call of calls) {
    // `s` is toISOString's text, so its first ten characters are the UTC day.
    const d = call.s.slice(0, 10);
    // A flow id is 36 characters and a day 10: the key reads only one way.
    const key = call.f + d + call.v;
    let day = days.get(key);
    if (day === undefined) {
      day = {
        f: call.f,
        v: call.v,
        d,
        a: call.a,
        outcomes: new Map(),
        durations: new Map(),
        modules: new Map(),
        routes: new Map(),
      };
      days.set(key, day);
    }
    countOne(day.outcomes, call.o);
    countOne(day.durations, Math.floor((utcInstantMs(call.e) - utcInstantMs(call.s)) / 1000));
    const steps = call.t;
    const lastModule = steps.at(-1)?.module;
    for (let i = 0; i < steps.length; i++) {
      const { module, route } = steps[i]!;
      if (firstEntry(steps, i)) {
        let counts = day.modules.get(module);
        if (counts === undefined) {
          counts = { n: 0, ended: 0 };
          day.modules.set(module, counts);
        }
        counts.n++;
        if (module === lastModule) counts.ended++;
      }
      if (firstLeaving(steps, i)) {
        let byRoute = day.routes.get(module);
        if (byRoute === undefined) {
          byRoute = new Map();
          day.routes.set(module, byRoute);
        }
        countOne(byRoute, route!);
      }
    }
  }
  const rollups = {
    outcomes: [] as { f: string; v: number; d: string; o: string; a: string; n: number }[],
    durations: [] as { f: string; v: number; d: string; s: number; n: number }[],
    modules: [] as { f: string; v: number; d: string; m: string; n: number; ended: number }[],
    routes: [] as { f: string; v: number; d: string; m: string; r: string; n: number }[],
  };
  for (const { f, v, d, a, outcomes, durations, modules, routes } of days.values()) {
    for (const [o, n] of outcomes) rollups.outcomes.push({ f, v, d, o, a, n });
    for (const [s, n] of durations) rollups.durations.push({ f, v, d, s, n });
    for (const [m, { n, ended }] of modules) rollups.modules.push({ f, v, d, m, n, ended });
    for (const [m, byRoute] of routes) for (const [r, n] of byRoute) rollups.routes.push({ f, v, d, m, r, n });
  }
  return rollups;
}

// ─── TWO STATEMENTS, ONE AT A TIME ─── A batch is written by ONE of two statements, each claiming
// the keys, writing the calls and the batch's counts at once:
// - FRESH_BATCH_SQL, the usual case, where no call was stored before: the counts come counted
//   (batchRollups), and the keys are inserted plainly, so one already taken (a call sent again,
//   or claimed meanwhile by a parallel batch, whose commit it waits for) fails the whole
//   statement, which writes nothing;
// - then ANY_BATCH_SQL, which claims the keys it can and counts only the calls whose key it
//   claimed, from what each call adds to the rollups (sent with each call).
// Both claim keys in key order, so parallel batches never deadlock. Fixed texts, so PostgreSQL
// keeps their plans per connection (server/db/prepared-statements.ts).

// The batch arrives as one array per column (arrayLiteral) and the steps as one JSON array,
// zipped back into rows by ROWS FROM: PostgreSQL reads arrays of plain values far more cheaply
// than the same batch as one JSON document (measured on one connection, 500 calls cost it about
// 7.7 ms of CPU this way against 12.4 ms, and COPY of the rows 5.5 ms). The steps arrive as jsonb,
// parsed once into the values stored: as json, PostgreSQL read them three times (checking the
// parameter, splitting the array, then each call's steps into jsonb).
const CALLS_INPUT = `ROWS FROM (
        unnest($1::uuid[]), unnest($2::text[]), unnest($3::uuid[]), unnest($4::int[]), unnest($5::timestamptz[]),
        unnest($6::timestamptz[]), unnest($7::text[]), unnest($8::text[]), unnest($9::text[]), jsonb_array_elements($10::jsonb)`;
const CALLS_COLUMNS = `a, c, f, v, s, e, o, n, k, t`;
const CALL_COLUMNS = `"accountId", "startedAt", "callId", "callFlowId", "flowVersion", "endedAt", "outcome", "number", "caller", "steps"`;
const FRESH_BATCH_SQL = preparedStatement(`
    WITH input AS (
      SELECT * FROM ${CALLS_INPUT}) AS x(${CALLS_COLUMNS})
    ), claimed AS (
      INSERT INTO "CallKey" ("callId", "accountId", "startedAt")
      SELECT c, a, s FROM input ORDER BY c, a
      RETURNING 1
    ), stored AS (
      INSERT INTO "Call" (${CALL_COLUMNS})
      SELECT a, s, c, f, v, e, o, n, k, t FROM input
    ), pending AS (
      INSERT INTO "CallRollupPending" ("counted") VALUES ($11::json)
    )
    SELECT count(*)::int AS accepted FROM claimed`);

// What each call adds to the rollups (`r`: modules entered, the last, modules and routes left by)
// arrives as an eleventh column.
const ANY_BATCH_SQL = preparedStatement(`
    WITH input AS (
      SELECT * FROM ${CALLS_INPUT}, json_array_elements($11::json)) AS x(${CALLS_COLUMNS}, r)
    ), fresh AS (
      INSERT INTO "CallKey" ("callId", "accountId", "startedAt")
      SELECT c, a, s FROM input ORDER BY c, a
      ON CONFLICT DO NOTHING
      RETURNING "callId", "accountId"
    ), written AS (
      SELECT i.*, (i.s AT TIME ZONE 'UTC')::date AS day, floor(extract(epoch FROM i.e - i.s))::int AS "durationS"
        FROM input i JOIN fresh ON fresh."callId" = i.c AND fresh."accountId" = i.a
    ), stored AS (
      INSERT INTO "Call" (${CALL_COLUMNS})
      SELECT a, s, c, f, v, e, o, n, k, t FROM written
    ), pending AS (
      INSERT INTO "CallRollupPending" ("counted")
      SELECT json_build_object(
        'outcomes', (SELECT json_agg(x) FROM (SELECT f, v, day AS d, o, a, count(*)::int AS n FROM written GROUP BY 1, 2, 3, 4, 5) x),
        'durations', (SELECT json_agg(x) FROM (SELECT f, v, day AS d, "durationS" AS s, count(*)::int AS n FROM written GROUP BY 1, 2, 3, 4) x),
        'modules', (SELECT json_agg(x) FROM (
          SELECT w.f, w.v, w.day AS d, m.module AS m, count(*)::int AS n, (count(*) FILTER (WHERE m.module = w.r->>'l'))::int AS ended
            FROM written w CROSS JOIN LATERAL json_array_elements_text(w.r->'m') AS m(module) GROUP BY 1, 2, 3, 4) x),
        'routes', (SELECT json_agg(x) FROM (
          SELECT w.f, w.v, w.day AS d, r.module AS m, r.route AS r, count(*)::int AS n
            FROM written w CROSS JOIN LATERAL ROWS FROM (json_array_elements_text(w.r->'rm'), json_array_elements_text(w.r->'rr')) AS r(module, route)
           GROUP BY 1, 2, 3, 4, 5) x))
       WHERE EXISTS (SELECT 1 FROM written)
    )
    SELECT count(*)::int AS accepted FROM fresh`);

/** The calls as the statements' first ten parameters: one array per column, then the steps. */
function callsInput(calls: readonly StoredCall[]): string[] {
  const column = (value: (call: StoredCall) => string | number | null) => arrayLiteral(calls.map(value));
  return [
    column((call) => call.a),
    column((call) => call.c),
    column((call) => call.f),
    column((call) => call.v),
    column((call) => call.s),
    column((call) => call.e),
    column((call) => call.o),
    column((call) => call.n),
    column((call) => call.k),
    JSON.stringify(calls.map((call) => call.t)),
  ];
}

/** PostgreSQL's unique_violation: FRESH_BATCH_SQL met a key already taken. */
const UNIQUE_VIOLATION_SQLSTATE = "23505";

/** Writes the calls whose (call id, account) is new, with their rollups; answers how many were written. */
async function storeCalls(query: PreparedQuery, calls: readonly StoredCall[]): Promise<number> {
  // Both statements take the calls as the same ten parameters: built once.
  const input = callsInput(calls);
  try {
    const [row] = await query<{ accepted: number }>(FRESH_BATCH_SQL, [...input, JSON.stringify(batchRollups(calls))]);
    return row!.accepted;
  } catch (error) {
    if (!hasSqlState(error, UNIQUE_VIOLATION_SQLSTATE)) throw error;
  }
  const [row] = await query<{ accepted: number }>(ANY_BATCH_SQL, [...input, JSON.stringify(calls.map(stepsCounted))]);
  return row!.accepted;
}

/** The error is PostgreSQL's with this SQLSTATE (from pg directly, or wrapped by Prisma on the embedded database). */
function hasSqlState(error: unknown, sqlState: string): boolean {
  if ((error as { code?: unknown } | null)?.code === sqlState) return true;
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return text.includes(sqlState);
}

function isMissingPartition(error: unknown): boolean {
  return hasSqlState(error, NO_PARTITION_SQLSTATE) || String(error).includes("no partition of relation");
}

/** The calls as stored: sorted by key, so parallel batches claim keys and rollups in one order. */
function byKey(a: StoredCall, b: StoredCall): number {
  return a.c < b.c ? -1 : a.c > b.c ? 1 : a.a < b.a ? -1 : a.a > b.a ? 1 : 0;
}

/**
 * Stores a batch of calls the switch reports. The account acted for bounds which flows may be
 * named: its own and those of the accounts below it (a reseller posts its customers' calls).
 * Refused calls are listed with every problem; the others are stored whatever the rest do.
 */
export async function ingestCalls(ctx: RequestContext, input: TIngestCalls): Promise<IngestResult> {
  if (!isUuid(input.accountId)) throw notFound("Account");
  const now = new Date();
  const rejected: IngestResult["rejected"] = [];
  const checked: { index: number; call: CheckedCall }[] = [];
  for (const [index, value] of input.calls.entries()) {
    // Checking a thousand calls takes tens of milliseconds: other requests get their turn between slices.
    if (index > 0 && index % CHECK_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const outcome = checkCall(value, now);
    if ("issues" in outcome) rejected.push({ index, errors: outcome.issues });
    else checked.push({ index, call: outcome.call });
  }
  const flows = await flowsInReach(ctx, input.accountId, [...new Set(checked.map(({ call }) => call.flowId))]);
  const attributed = checked.flatMap(({ index, call }) => {
    const flow = flows.get(call.flowId);
    if (!flow) {
      rejected.push({ index, errors: [{ path: "flow", message: "Call flow not found" }] });
      return [];
    }
    return [{ call, flow, version: versionLiveAt(flow, new Date(call.startedAt)) }];
  });
  const modules = await moduleKeysOf(attributed.map(({ flow, version }) => ({ flowId: flow.flowId, version })));

  const stored: StoredCall[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { call, flow, version } of attributed) {
    const key = `${flow.accountId}\u0000${call.callId}`;
    // The same call twice in one batch: the second is a duplicate, as if it came later.
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const moduleKeys = modules.get(`${flow.flowId}:${version}`);
    stored.push({
      a: flow.accountId,
      c: call.callId,
      f: flow.flowId,
      v: version,
      s: call.startedAt,
      e: call.endedAt,
      o: call.outcome,
      n: call.number,
      k: call.caller,
      // A step naming a module the version did not have is kept, and flagged.
      t: moduleKeys
        ? call.steps.map((step) => (moduleKeys.has(step.module) ? step : { ...step, unknown_module: true as const }))
        : call.steps,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (stored.length === 0) return { accepted: 0, duplicates, rejected };

  const accepted = await storeCallRows(stored);
  return { accepted, duplicates: duplicates + stored.length - accepted, rejected };
}

/**
 * Stores calls already checked and attributed (ingest's, or generated demo calls) with their
 * rollups, making the months they need; those whose key is taken are left out. Answers how many
 * were stored. `client` is the portal's, or a script's own.
 */
export async function storeCallRows(calls: StoredCall[], client?: Db): Promise<number> {
  const query: PreparedQuery = client ? (text, values) => client.$queryRawUnsafe(text, ...values) : preparedQuery;
  const sorted = [...calls].sort(byKey);
  // One instant per month is enough to make the months (`s` is toISOString's text).
  const startedAts = [...new Set(sorted.map((call) => call.s.slice(0, 7)))].map((month) => new Date(`${month}-01T00:00:00Z`));
  await ensureCallPartitions(startedAts, client);
  try {
    return await storeCalls(query, sorted);
  } catch (error) {
    if (!isMissingPartition(error)) throw error;
    // Another instance dropped a month this process thought it had: look again, once.
    forgetKnownPartitions();
    await ensureCallPartitions(startedAts, client);
    return storeCalls(query, sorted);
  }
}
