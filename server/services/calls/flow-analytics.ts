import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { CallOutcome } from "@/server/domain/calls/call-input";
import { Prisma } from "@/server/generated/prisma/client";
import { toCsv } from "@/server/services/audit/csv";
import { dayOf, flowWithinReach, rollupFilter, type StoredStep } from "./calls";
import { foldCallRollups } from "./rollups";
import type { TFlowStatsInput, TFlowVersionsInput } from "./schemas";

// ─── ONE FLOW'S ANALYTICS ─── what the flow editor's Analytics tab reads beside its stats
// (flowCallStats): outcomes per day, the versions that had calls, and the calls themselves as CSV.
// Each resolves the flow as flowCallStats does, so another tenant's flow is NOT_FOUND.

export type OutcomesOnDay = { day: string; calls: number; outcomes: Partial<Record<CallOutcome, number>> };

/** Calls per UTC day and outcome from the rollups, oldest first; days without calls are left out. */
export async function flowOutcomesByDay(ctx: RequestContext, input: TFlowStatsInput): Promise<OutcomesOnDay[]> {
  const flow = await flowWithinReach(ctx, input);
  await foldCallRollups();
  const rows = await db.$queryRaw<{ day: string; outcome: CallOutcome; calls: number }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, outcome, sum(calls)::int AS calls FROM "CallOutcomeStat"
     WHERE ${rollupFilter(flow.id, input)}
     GROUP BY day, outcome ORDER BY day, outcome`;
  const days: OutcomesOnDay[] = [];
  for (const row of rows) {
    let last = days.at(-1);
    if (last?.day !== row.day) {
      last = { day: row.day, calls: 0, outcomes: {} };
      days.push(last);
    }
    last.calls += row.calls;
    last.outcomes[row.outcome] = row.calls;
  }
  return days;
}

export type VersionCalls = { version: number; calls: number; savedAt: Date | null };

/** The versions of the flow that had calls in the range, newest first, each with its count and when it was saved. */
export async function flowCallVersions(ctx: RequestContext, input: TFlowVersionsInput): Promise<VersionCalls[]> {
  const flow = await flowWithinReach(ctx, input);
  await foldCallRollups();
  return db.$queryRaw<VersionCalls[]>`
    SELECT s.version, s.calls, r."createdAt" AS "savedAt"
      FROM (SELECT "flowVersion" AS version, sum(calls)::int AS calls FROM "CallOutcomeStat"
             WHERE ${rollupFilter(flow.id, { from: input.from, to: input.to })} GROUP BY "flowVersion") s
      LEFT JOIN "CallFlowRevision" r ON r."callFlowId" = ${flow.id}::uuid AND r.version = s.version
     ORDER BY s.version DESC`;
}

/** Calls are read and written this many at a time, so an export of any size holds one page in memory. */
export const CALL_EXPORT_PAGE = 1000;

export const CALL_CSV_COLUMNS = [
  "call_id",
  "started_at",
  "ended_at",
  "duration_s",
  "outcome",
  "number",
  "caller",
  "flow_version",
  "steps",
] as const;

type ExportedCall = {
  callId: string;
  startedAt: Date;
  endedAt: Date;
  outcome: string;
  number: string | null;
  caller: string | null;
  flowVersion: number;
  steps: StoredStep[];
};

/** A call's steps on one line: each module's key and the route it was left by, `start>next;menu>1;ring`. */
export function stepsInOneLine(steps: readonly StoredStep[]): string {
  return steps.map((step) => (step.route === undefined ? step.module : `${step.module}>${step.route}`)).join(";");
}

function csvLine(call: ExportedCall): string[] {
  return [
    call.callId,
    call.startedAt.toISOString(),
    call.endedAt.toISOString(),
    // Whole seconds, as the durations' rollup counts them.
    String(Math.floor((call.endedAt.getTime() - call.startedAt.getTime()) / 1000)),
    call.outcome,
    call.number ?? "",
    call.caller ?? "",
    String(call.flowVersion),
    stepsInOneLine(call.steps),
  ];
}

/** The first instant of a UTC day, and the first of the day after another: the stats' range as instants. */
function instantsOf(range: { from?: string; to?: string }): { from: Date | null; before: Date | null } {
  const start = (day: string) => new Date(`${day}T00:00:00Z`);
  return {
    from: range.from ? start(dayOf(range.from)) : null,
    before: range.to ? new Date(start(dayOf(range.to)).getTime() + 86_400_000) : null,
  };
}

/**
 * The flow's calls in the range (whole UTC days, as its stats count them) and of one version when
 * named, as CSV, oldest first, with no cap: read CALL_EXPORT_PAGE calls at a time by their key (a
 * keyset cursor), each page encoded and handed on before the next is read, and only once the
 * client has taken the previous one. The flow is resolved first, so another tenant's flow fails
 * before the response starts (NOT_FOUND). Returns the flow's name for the file's.
 */
export async function exportFlowCallsCsv(
  ctx: RequestContext,
  input: TFlowStatsInput,
): Promise<{ flowName: string; body: ReadableStream<Uint8Array> }> {
  const flow = await flowWithinReach(ctx, input);
  const { from, before } = instantsOf(input);
  const where = [Prisma.sql`"accountId" = ${flow.accountId}::uuid`, Prisma.sql`"callFlowId" = ${flow.id}::uuid`];
  if (from) where.push(Prisma.sql`"startedAt" >= ${from}`);
  if (before) where.push(Prisma.sql`"startedAt" < ${before}`);
  if (input.version !== undefined) where.push(Prisma.sql`"flowVersion" = ${input.version}`);
  const encoder = new TextEncoder();
  let after: { startedAt: Date; callId: string } | null = null;
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(toCsv([CALL_CSV_COLUMNS])));
          return;
        }
        const page = after
          ? [...where, Prisma.sql`("startedAt", "callId") > (${after.startedAt}::timestamptz, ${after.callId})`]
          : where;
        const calls = await db.$queryRaw<ExportedCall[]>`
          SELECT "callId", "startedAt", "endedAt", outcome, number, caller, "flowVersion", steps FROM "Call"
           WHERE ${Prisma.join(page, " AND ")}
           ORDER BY "startedAt", "callId" LIMIT ${CALL_EXPORT_PAGE}`;
        if (calls.length > 0) {
          const last = calls.at(-1)!;
          after = { startedAt: last.startedAt, callId: last.callId };
          controller.enqueue(encoder.encode(toCsv(calls.map(csvLine))));
        }
        if (calls.length < CALL_EXPORT_PAGE) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { flowName: flow.name, body };
}
