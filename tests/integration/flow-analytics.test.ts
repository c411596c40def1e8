import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { CallOutcome } from "@/server/domain/calls/call-input";
import { createCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { ingestCalls } from "@/server/services/calls/calls";
import { CALL_CSV_COLUMNS, CALL_EXPORT_PAGE } from "@/server/services/calls/flow-analytics";
import { callerAs, contextAs, createTenants } from "./fixtures";
import { fileRoutes, sessionCookie } from "./portal-routes";
import { trpcCode } from "./procedure-helpers";

// The flow editor's Analytics tab reads: outcomes per day and the versions that had calls (tRPC),
// and the flow's calls as CSV (a portal file route), each equal to a recount of the calls stored,
// with the same range and version as the flow's stats, and another tenant's flow not found.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let flowId: string;

const FLOW = {
  start: { module: "start", next: "menu" },
  menu: { module: "pressextension", next: { "1": "ring", timeout: "mail", invalid: "mail" } },
  ring: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: "mail" },
  mail: { module: "busy" },
};

const DAY = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, "Z");

type PostedCall = {
  call_id: string;
  flow: string;
  number: string;
  caller: string;
  started_at: string;
  ended_at: string;
  outcome: CallOutcome;
  steps: { module: string; at: string; route?: string }[];
};

/** A call through the menu: pressed 1 and rang, or timed out to the busy tone. */
function call(startedAt: Date, outcome: CallOutcome, pressed: boolean, seconds: number): PostedCall {
  const at = (offset: number) => iso(new Date(startedAt.getTime() + offset * 1000));
  return {
    call_id: `fa-${randomUUID()}`,
    flow: flowId,
    number: "+441632960001",
    caller: "+447700900123",
    started_at: at(0),
    ended_at: at(seconds),
    outcome,
    steps: pressed
      ? [
          { module: "start", at: at(0), route: "next" },
          { module: "menu", at: at(1), route: "1" },
          { module: "ring", at: at(2) },
        ]
      : [
          { module: "start", at: at(0), route: "next" },
          { module: "menu", at: at(1), route: "timeout" },
          { module: "mail", at: at(6) },
        ],
  };
}

const OUTCOMES: CallOutcome[] = ["answered", "hangup", "voicemail", "busy"];
/** Calls of version 1, on the five days before today; then version 2's, today. */
let onFirst: PostedCall[] = [];
let onSecond: PostedCall[] = [];
const today = dayOf(new Date());
const daysAgo = (days: number) => dayOf(new Date(Date.now() - days * DAY));

async function store(calls: PostedCall[]) {
  for (let i = 0; i < calls.length; i += 1000) {
    const result = await ingestCalls(contextAs(t.actors.customerA1), {
      accountId: t.accounts.customerA1.id,
      calls: calls.slice(i, i + 1000),
    });
    expect(result).toMatchObject({ accepted: Math.min(1000, calls.length - i), rejected: [] });
  }
}

beforeAll(async () => {
  t = await createTenants();
  const owner = contextAs(t.actors.customerA1);
  const accountId = t.accounts.customerA1.id;
  const created = await createCallFlow(owner, { accountId, document: { name: "Analytics menu", extension: 640, flow: FLOW } });
  flowId = created.id;
  // Calls from before the first revision ran on it (version 1).
  const dayStart = Date.parse(`${daysAgo(5)}T09:00:00Z`);
  onFirst = Array.from({ length: 23 }, (_, i) =>
    call(new Date(dayStart + (i % 5) * DAY + i * 60_000), OUTCOMES[i % OUTCOMES.length]!, i % 3 !== 0, 10 + i),
  );
  await store(onFirst);
  const second = await updateCallFlow(owner, {
    accountId,
    id: flowId,
    expectedVersion: 1,
    document: { name: "Analytics menu", extension: 640, flow: { ...FLOW, late: { module: "busy" } } },
  });
  expect(second.version).toBe(2);
  const saved = (await db.callFlowRevision.findFirstOrThrow({ where: { callFlowId: flowId, version: 2 } })).createdAt;
  onSecond = Array.from({ length: 7 }, (_, i) =>
    call(new Date(saved.getTime() + 1000 + i * 1000), OUTCOMES[(i + 1) % OUTCOMES.length]!, i % 2 === 0, 5 + i),
  );
  await store(onSecond);
});

/** Outcomes per day, recounted from the calls themselves. */
function recountByDay(calls: readonly PostedCall[]) {
  const days = new Map<string, { day: string; calls: number; outcomes: Partial<Record<CallOutcome, number>> }>();
  for (const posted of calls) {
    const day = posted.started_at.slice(0, 10);
    const entry = days.get(day) ?? { day, calls: 0, outcomes: {} };
    entry.calls += 1;
    entry.outcomes[posted.outcome] = (entry.outcomes[posted.outcome] ?? 0) + 1;
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

describe("calls.flowOutcomesByDay", () => {
  const owner = () => callerAs(t.actors.customerA1);
  const accountId = () => t.accounts.customerA1.id;

  it("counts each day's outcomes as a recount of the calls does, oldest day first", async () => {
    expect(await owner().calls.flowOutcomesByDay({ accountId: accountId(), flowId })).toEqual(
      recountByDay([...onFirst, ...onSecond]),
    );
  });

  it("keeps to the version and the range of days asked for", async () => {
    expect(await owner().calls.flowOutcomesByDay({ accountId: accountId(), flowId, version: 1 })).toEqual(recountByDay(onFirst));
    expect(await owner().calls.flowOutcomesByDay({ accountId: accountId(), flowId, version: 2 })).toEqual(recountByDay(onSecond));
    const middle = (posted: PostedCall) => posted.started_at >= daysAgo(4) && posted.started_at < daysAgo(1);
    expect(await owner().calls.flowOutcomesByDay({ accountId: accountId(), flowId, from: daysAgo(4), to: daysAgo(2) })).toEqual(
      recountByDay(onFirst.filter(middle)),
    );
  });

  it("is the flow's stats day by day: the days add up to its outcomes", async () => {
    const stats = await owner().calls.flowStats({ accountId: accountId(), flowId, from: daysAgo(30), to: today });
    const days = await owner().calls.flowOutcomesByDay({ accountId: accountId(), flowId, from: daysAgo(30), to: today });
    const summed: Record<string, number> = {};
    for (const day of days) for (const [outcome, n] of Object.entries(day.outcomes)) summed[outcome] = (summed[outcome] ?? 0) + n;
    expect(summed).toEqual(stats.outcomes);
    expect(days.reduce((sum, day) => sum + day.calls, 0)).toBe(stats.calls);
  });
});

describe("calls.flowVersions", () => {
  it("lists the versions that had calls in the range, newest first, with their counts", async () => {
    const caller = callerAs(t.actors.resellerA);
    const all = await caller.calls.flowVersions({ accountId: t.accounts.customerA1.id, flowId });
    expect(all.map(({ version, calls }) => ({ version, calls }))).toEqual([
      { version: 2, calls: onSecond.length },
      { version: 1, calls: onFirst.length },
    ]);
    expect(all.every((entry) => entry.savedAt instanceof Date)).toBe(true);
    const before = await caller.calls.flowVersions({ accountId: t.accounts.customerA1.id, flowId, to: daysAgo(1) });
    expect(before.map(({ version, calls }) => ({ version, calls }))).toEqual([{ version: 1, calls: onFirst.length }]);
    expect(
      await caller.calls.flowVersions({ accountId: t.accounts.customerA1.id, flowId, from: daysAgo(200), to: daysAgo(100) }),
    ).toEqual([]);
  });
});

describe("another tenant", () => {
  it("gets not found for the flow's outcomes per day and versions, through any account", async () => {
    for (const [actor, accountId] of [
      [t.actors.customerB1, t.accounts.customerB1.id],
      [t.actors.resellerB, t.accounts.customerA1.id],
      [t.actors.customerA2, t.accounts.customerA2.id],
    ] as const) {
      const caller = callerAs(actor);
      expect(await trpcCode(caller.calls.flowOutcomesByDay({ accountId, flowId }))).toBe("NOT_FOUND");
      expect(await trpcCode(caller.calls.flowVersions({ accountId, flowId }))).toBe("NOT_FOUND");
    }
  });
});

describe("GET /api/accounts/{accountId}/flows/{flowId}/calls (CSV)", () => {
  const download = async (query: string, userId = t.actors.customerA1.userId, accountId = t.accounts.customerA1.id) =>
    fileRoutes.flowCallsCsv(accountId, flowId, query, { cookie: await sessionCookie(userId) });
  const rowsOf = async (response: Response) => parse(await response.text(), { columns: true }) as Record<string, string>[];
  const csvRow = (posted: PostedCall, version: number) => ({
    call_id: posted.call_id,
    started_at: new Date(posted.started_at).toISOString(),
    ended_at: new Date(posted.ended_at).toISOString(),
    duration_s: String((Date.parse(posted.ended_at) - Date.parse(posted.started_at)) / 1000),
    outcome: posted.outcome,
    number: posted.number,
    caller: posted.caller,
    flow_version: String(version),
    steps: posted.steps.map((step) => (step.route ? `${step.module}>${step.route}` : step.module)).join(";"),
  });
  const oldestFirst = (rows: ReturnType<typeof csvRow>[]) =>
    rows.sort((a, b) => a.started_at.localeCompare(b.started_at) || a.call_id.localeCompare(b.call_id));

  it("downloads every call of the flow oldest first, one row each, in the columns named", async () => {
    const response = await download("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="calls-analytics-menu.csv"');
    const text = await response.clone().text();
    expect(text.split("\r\n")[0]).toBe(CALL_CSV_COLUMNS.map((column) => `"${column}"`).join(","));
    expect(await rowsOf(response)).toEqual(
      oldestFirst([...onFirst.map((posted) => csvRow(posted, 1)), ...onSecond.map((posted) => csvRow(posted, 2))]),
    );
  });

  it("keeps to the range of whole UTC days and the version, as the stats do, and names them in the file", async () => {
    const ranged = await download(`?from=${daysAgo(4)}&to=${daysAgo(2)}&version=1`);
    expect(ranged.headers.get("content-disposition")).toBe(
      `attachment; filename="calls-analytics-menu-v1-${daysAgo(4)}-${daysAgo(2)}.csv"`,
    );
    const inRange = onFirst.filter((posted) => posted.started_at >= daysAgo(4) && posted.started_at < daysAgo(1));
    expect(await rowsOf(ranged)).toEqual(oldestFirst(inRange.map((posted) => csvRow(posted, 1))));
    expect(await rowsOf(await download("?version=2"))).toEqual(oldestFirst(onSecond.map((posted) => csvRow(posted, 2))));
    const stats = await callerAs(t.actors.customerA1).calls.flowStats({
      accountId: t.accounts.customerA1.id,
      flowId,
      from: daysAgo(4),
      to: daysAgo(2),
      version: 1,
    });
    expect(stats.calls).toBe(inRange.length);
  });

  it("streams past one page of calls without losing or repeating any", async () => {
    const accountId = t.accounts.customerA1.id;
    const many = await createCallFlow(contextAs(t.actors.customerA1), {
      accountId,
      document: { name: "Busy line", extension: 641, flow: FLOW },
    });
    const start = Date.now() - 2 * DAY;
    // Two calls share each start time, so the cursor's tie-break on the call id is exercised too.
    const calls = Array.from({ length: CALL_EXPORT_PAGE + 7 }, (_, i) => ({
      ...call(new Date(start + Math.floor(i / 2) * 1000), "answered", true, 30),
      flow: many.id,
    }));
    await store(calls);
    const response = await fileRoutes.flowCallsCsv(accountId, many.id, "", {
      cookie: await sessionCookie(t.actors.customerA1.userId),
    });
    const ids = (await rowsOf(response)).map((row) => row.call_id);
    expect(ids.length).toBe(calls.length);
    expect(new Set(ids)).toEqual(new Set(calls.map((posted) => posted.call_id)));
  });

  it("answers another tenant's flow with 404, signed out with 401, and a bad version with 400", async () => {
    expect((await download("", t.actors.customerB1.userId, t.accounts.customerB1.id)).status).toBe(404);
    expect((await download("", t.actors.resellerB.userId)).status).toBe(404);
    expect((await download("", t.actors.customerA2.userId, t.accounts.customerA2.id)).status).toBe(404);
    expect((await fileRoutes.flowCallsCsv(t.accounts.customerA1.id, flowId, "", {})).status).toBe(401);
    const bad = await download("?version=zero");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path)).toEqual([
      "version",
    ]);
  });
});
