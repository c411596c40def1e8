import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { type CallOutcome, medianOf } from "@/server/domain/calls/call-input";
import { fieldError, notFound } from "@/server/errors";
import { Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount } from "@/server/services/acting-account";
import { foldCallRollups } from "./rollups";
import { DEFAULT_CALLS_PAGE, type TCallListInput, type TCallOverviewInput, type TCallRef, type TFlowStatsInput } from "./schemas";

export { ingestCalls } from "./ingest";

// ─── READING CALLS ─── the calls of the account acted for and of the accounts below it (a
// reseller reads its customers' calls, as it posts them; a customer reads its own), newest first.
// Counts come from the rollups, folded first (server/services/calls/rollups.ts).

export type StoredStep = { module: string; at: string; route?: string; unknown_module?: true };

export type CallSummary = {
  accountId: string;
  accountName: string;
  callId: string;
  flowId: string;
  /** Null when the flow has been deleted since. */
  flowName: string | null;
  flowVersion: number;
  number: string | null;
  caller: string | null;
  startedAt: Date;
  endedAt: Date;
  outcome: CallOutcome;
};

export type CallDetail = CallSummary & { steps: StoredStep[] };

/** The account acted for (within the caller's reach) and the ids of every account at or below it. */
async function accountsAtOrBelow(ctx: RequestContext, accountId: string): Promise<string[]> {
  const acting = await resolveActingAccount(db, ctx.principal, accountId);
  if (acting.kind === "customer") return [acting.id];
  const below = await db.account.findMany({ where: { path: { startsWith: acting.path } }, select: { id: true } });
  return below.map((account) => account.id);
}

/** Calls of these accounts: one account is an equality, so its key's order serves the list. */
function ofAccounts(ids: readonly string[]): Prisma.Sql {
  return ids.length === 1 ? Prisma.sql`c."accountId" = ${ids[0]}::uuid` : Prisma.sql`c."accountId" = ANY(${ids}::uuid[])`;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A range bound as an instant: a date is its day's first instant (`from`) or the next day's (`to`, exclusive). */
function instantOf(bound: string, side: "from" | "to"): { at: Date; exclusive: boolean } {
  if (!DATE_ONLY.test(bound)) return { at: new Date(bound), exclusive: false };
  const day = new Date(`${bound}T00:00:00Z`);
  return side === "from" ? { at: day, exclusive: false } : { at: new Date(day.getTime() + DAY_MS), exclusive: true };
}

type Cursor = { startedAt: string; callId: string; accountId: string };

function encodeCursor(call: Pick<CallSummary, "startedAt" | "callId" | "accountId">): string {
  return Buffer.from(JSON.stringify([call.startedAt.toISOString(), call.callId, call.accountId])).toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [startedAt, callId, accountId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as string[];
    if (typeof callId === "string" && isUuid(accountId ?? "") && !Number.isNaN(Date.parse(startedAt ?? ""))) {
      return { startedAt: startedAt!, callId, accountId: accountId! };
    }
  } catch {
    // Answered below, as any other cursor this list never gave.
  }
  throw fieldError("cursor", "cursor is not one this list gave: start again without it");
}

const SUMMARY_COLUMNS = Prisma.sql`c."accountId", a.name AS "accountName", c."callId", c."callFlowId" AS "flowId",
  f.name AS "flowName", c."flowVersion", c.number, c.caller, c."startedAt", c."endedAt", c.outcome`;
const SUMMARY_JOINS = Prisma.sql`JOIN "Account" a ON a.id = c."accountId" LEFT JOIN "CallFlow" f ON f.id = c."callFlowId"`;

/** One page of calls, newest first (then by call id): filters by date range, flow, number, caller and outcome. */
export async function listCalls(
  ctx: RequestContext,
  input: TCallListInput,
): Promise<{ items: CallSummary[]; nextCursor: string | null }> {
  const accounts = await accountsAtOrBelow(ctx, input.accountId);
  const limit = input.limit ?? DEFAULT_CALLS_PAGE;
  const conditions = [ofAccounts(accounts)];
  if (input.from) conditions.push(Prisma.sql`c."startedAt" >= ${instantOf(input.from, "from").at}`);
  if (input.to) {
    const to = instantOf(input.to, "to");
    conditions.push(to.exclusive ? Prisma.sql`c."startedAt" < ${to.at}` : Prisma.sql`c."startedAt" <= ${to.at}`);
  }
  if (input.flowId) conditions.push(Prisma.sql`c."callFlowId" = ${input.flowId}::uuid`);
  if (input.number) conditions.push(Prisma.sql`c.number = ${input.number}`);
  if (input.caller) conditions.push(Prisma.sql`c.caller = ${input.caller}`);
  if (input.outcome) conditions.push(Prisma.sql`c.outcome = ${input.outcome}`);
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    conditions.push(
      Prisma.sql`(c."startedAt", c."callId", c."accountId") < (${new Date(after.startedAt)}::timestamptz, ${after.callId}, ${after.accountId}::uuid)`,
    );
  }
  const rows = await db.$queryRaw<CallSummary[]>`
    SELECT ${SUMMARY_COLUMNS} FROM "Call" c ${SUMMARY_JOINS}
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY c."startedAt" DESC, c."callId" DESC, c."accountId" DESC
     LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null };
}

/** One call whole, with its steps; of two accounts' calls with the same id, the newer. */
export async function getCall(ctx: RequestContext, input: TCallRef): Promise<CallDetail> {
  const accounts = await accountsAtOrBelow(ctx, input.accountId);
  const [call] = await db.$queryRaw<CallDetail[]>`
    SELECT ${SUMMARY_COLUMNS}, c.steps FROM "CallKey" k
      JOIN "Call" c ON c."accountId" = k."accountId" AND c."startedAt" = k."startedAt" AND c."callId" = k."callId"
      ${SUMMARY_JOINS}
     WHERE k."callId" = ${input.callId} AND ${ofAccounts(accounts)}
     ORDER BY c."startedAt" DESC LIMIT 1`;
  if (!call) throw notFound("Call");
  return call;
}

export type ModuleStats = { entered: number; ended_here: number; routes: Record<string, number> };

export type FlowCallStats = {
  calls: number;
  outcomes: Partial<Record<CallOutcome, number>>;
  /** Of the calls' lengths in whole seconds; null without calls. */
  median_duration_s: number | null;
  modules: Record<string, ModuleStats>;
};

/** The UTC day of a range bound, as `YYYY-MM-DD`. */
export function dayOf(bound: string): string {
  return DATE_ONLY.test(bound) ? bound : new Date(bound).toISOString().slice(0, 10);
}

/** The flow named, among those of the account acted for and the accounts below it; another tenant's is NOT_FOUND. */
export async function flowWithinReach(
  ctx: RequestContext,
  input: { accountId: string; flowId: string },
): Promise<{ id: string; name: string; accountId: string }> {
  const accounts = await accountsAtOrBelow(ctx, input.accountId);
  const flow = isUuid(input.flowId)
    ? await db.callFlow.findFirst({
        where: { id: input.flowId, accountId: { in: accounts } },
        select: { id: true, name: true, accountId: true },
      })
    : null;
  if (!flow) throw notFound("Call flow");
  return flow;
}

/** The rollup rows of one flow within a range of UTC days, and of one version when it is named. */
export function rollupFilter(flowId: string, range: { from?: string; to?: string; version?: number }): Prisma.Sql {
  const where = [Prisma.sql`"callFlowId" = ${flowId}::uuid`];
  if (range.from) where.push(Prisma.sql`day >= ${dayOf(range.from)}::date`);
  if (range.to) where.push(Prisma.sql`day <= ${dayOf(range.to)}::date`);
  if (range.version !== undefined) where.push(Prisma.sql`"flowVersion" = ${range.version}`);
  return Prisma.join(where, " AND ");
}

/**
 * A flow's calls counted from the rollups, per UTC day: `from` and `to` name days (an instant
 * counts its whole day), and by default every day kept. `version` keeps one version's calls.
 */
export async function flowCallStats(ctx: RequestContext, input: TFlowStatsInput): Promise<FlowCallStats> {
  const flow = await flowWithinReach(ctx, input);
  await foldCallRollups();
  const filter = rollupFilter(flow.id, input);
  const [outcomes, durations, modules, routes] = await Promise.all([
    db.$queryRaw<{ outcome: CallOutcome; calls: number }[]>`
      SELECT outcome, sum(calls)::int AS calls FROM "CallOutcomeStat" WHERE ${filter} GROUP BY outcome ORDER BY outcome`,
    db.$queryRaw<{ seconds: number; calls: number }[]>`
      SELECT "durationS" AS seconds, sum(calls)::int AS calls FROM "CallDurationStat" WHERE ${filter}
       GROUP BY "durationS" ORDER BY "durationS"`,
    db.$queryRaw<{ module: string; entered: number; endedHere: number }[]>`
      SELECT module, sum(entered)::int AS entered, sum("endedHere")::int AS "endedHere" FROM "CallModuleStat" WHERE ${filter}
       GROUP BY module ORDER BY module`,
    db.$queryRaw<{ module: string; route: string; calls: number }[]>`
      SELECT module, route, sum(calls)::int AS calls FROM "CallRouteStat" WHERE ${filter}
       GROUP BY module, route ORDER BY module, route`,
  ]);
  const byModule: Record<string, ModuleStats> = {};
  for (const row of modules) byModule[row.module] = { entered: row.entered, ended_here: row.endedHere, routes: {} };
  for (const row of routes) {
    byModule[row.module] ??= { entered: 0, ended_here: 0, routes: {} };
    byModule[row.module]!.routes[row.route] = row.calls;
  }
  return {
    calls: outcomes.reduce((sum, row) => sum + row.calls, 0),
    outcomes: Object.fromEntries(outcomes.map((row) => [row.outcome, row.calls])),
    median_duration_s: medianOf(durations),
    modules: byModule,
  };
}

export type CustomerCalls = {
  accountId: string;
  name: string;
  displayName: string;
  /** Calls in the period, and in the period of the same length before it (the trend). */
  calls: number;
  previousCalls: number;
  /** Calls per UTC day of the period, oldest first, every day present. */
  daily: { day: string; calls: number }[];
};

export type HangupFlow = {
  flowId: string;
  flowName: string | null;
  accountId: string;
  accountName: string;
  calls: number;
  hangups: number;
};

/** A flow counts among those whose callers hang up most once it has had this many calls. */
export const HANGUP_RANKING_MIN_CALLS = 10;

/**
 * A reseller's view of its customers' calls over the last `days` UTC days (today included), from
 * the rollups: calls per customer with their daily series and the period before (the trend), and
 * the flows whose callers hang up most (by share, among flows with enough calls).
 */
export async function callOverview(
  ctx: RequestContext,
  input: TCallOverviewInput,
): Promise<{ from: string; to: string; customers: CustomerCalls[]; hangupFlows: HangupFlow[] }> {
  const acting = await resolveActingAccount(db, ctx.principal, input.accountId);
  await foldCallRollups();
  const today = new Date(new Date().toISOString().slice(0, 10));
  const from = new Date(today.getTime() - (input.days - 1) * DAY_MS);
  const previousFrom = new Date(from.getTime() - input.days * DAY_MS);
  const [daily, customers, flows] = await Promise.all([
    db.$queryRaw<{ accountId: string; day: string; calls: number }[]>`
      SELECT s."accountId", to_char(s.day, 'YYYY-MM-DD') AS day, sum(s.calls)::int AS calls
        FROM "CallOutcomeStat" s JOIN "Account" a ON a.id = s."accountId"
       WHERE starts_with(a.path, ${acting.path}) AND a.id <> ${acting.id}::uuid AND s.day >= ${previousFrom}::date
       GROUP BY 1, 2`,
    db.account.findMany({
      where: { path: { startsWith: acting.path }, NOT: { id: acting.id }, kind: "customer" },
      select: { id: true, name: true, displayName: true },
      orderBy: { name: "asc" },
    }),
    db.$queryRaw<HangupFlow[]>`
      SELECT s."callFlowId" AS "flowId", f.name AS "flowName", a.id AS "accountId", a.name AS "accountName",
             sum(s.calls)::int AS calls, (sum(s.calls) FILTER (WHERE s.outcome = 'hangup'))::int AS hangups
        FROM "CallOutcomeStat" s JOIN "Account" a ON a.id = s."accountId"
        LEFT JOIN "CallFlow" f ON f.id = s."callFlowId"
       WHERE starts_with(a.path, ${acting.path}) AND s.day >= ${from}::date
       GROUP BY s."callFlowId", f.name, a.id, a.name
      HAVING sum(s.calls) >= ${HANGUP_RANKING_MIN_CALLS}
       ORDER BY (sum(s.calls) FILTER (WHERE s.outcome = 'hangup'))::float / sum(s.calls) DESC NULLS LAST, sum(s.calls) DESC
       LIMIT 10`,
  ]);
  const days = Array.from({ length: input.days }, (_, i) => new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  const fromDay = days[0]!;
  const byAccount = new Map<string, Map<string, number>>();
  for (const row of daily) {
    const series = byAccount.get(row.accountId) ?? new Map<string, number>();
    series.set(row.day, row.calls);
    byAccount.set(row.accountId, series);
  }
  return {
    from: fromDay,
    to: days.at(-1)!,
    customers: customers
      .map((customer) => {
        const series = byAccount.get(customer.id) ?? new Map<string, number>();
        const dailyCalls = days.map((day) => ({ day, calls: series.get(day) ?? 0 }));
        const previousCalls = [...series].filter(([day]) => day < fromDay).reduce((sum, [, calls]) => sum + calls, 0);
        return {
          accountId: customer.id,
          name: customer.name,
          displayName: customer.displayName,
          calls: dailyCalls.reduce((sum, day) => sum + day.calls, 0),
          previousCalls,
          daily: dailyCalls,
        };
      })
      .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name)),
    hangupFlows: flows.map((flow) => ({ ...flow, hangups: flow.hangups ?? 0 })),
  };
}

/** One call with the flow document of the version it ran on (null when that version is gone), for naming its modules. */
export async function getCallWithFlow(
  ctx: RequestContext,
  input: TCallRef,
): Promise<{ call: CallDetail; flow: Record<string, Record<string, unknown>> | null }> {
  const call = await getCall(ctx, input);
  const revision = await db.callFlowRevision.findUnique({
    where: { callFlowId_version: { callFlowId: call.flowId, version: call.flowVersion } },
    select: { flow: true },
  });
  return { call, flow: (revision?.flow as Record<string, Record<string, unknown>> | undefined) ?? null };
}
