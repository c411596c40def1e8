import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { CALL_OUTCOMES } from "@/server/domain/calls/call-input";
import { MAX_CALL_BATCH_BYTES } from "@/server/rest/call-ingest";
import { createCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { callPartitions, partitionName } from "@/server/db/call-partitions";
import { pruneCallHistory } from "@/server/services/calls/retention";
import { foldCallRollups } from "@/server/services/calls/rollups";
import { contextAs, createTenants } from "./fixtures";
import { type ApiUser, authHeaders, callApi, createApiUser } from "./rest-client";

// POST /voip/call and the reads, over the REST API in-process, on the real database: what is
// stored, what is refused and why, idempotency under parallel posts, versions from history,
// partitions by month, retention, and stats equal to a recount of the calls posted.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerApi: ApiUser;
let customerApi: ApiUser;
let otherResellerApi: ApiUser;
let flowId: string;
let otherFlowId: string;

/** start → menu (1: ring, 2: voicemail, timeout: voicemail) → ring (noanswer: voicemail). */
const MENU_FLOW = {
  start: { module: "start", next: "menu" },
  menu: { module: "pressextension", next: { "1": "ring", "2": "mail", timeout: "mail", invalid: "mail" } },
  ring: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: "mail" },
  mail: { module: "busy" },
};

let extension = 600;
async function menuFlow(accountId: string, actor: Parameters<typeof contextAs>[0]) {
  return createCallFlow(contextAs(actor), {
    accountId,
    document: { name: `Menu ${extension}`, extension: extension++, flow: MENU_FLOW },
  });
}

beforeAll(async () => {
  t = await createTenants();
  resellerApi = await createApiUser(t.accounts.resellerA);
  customerApi = await createApiUser(t.accounts.customerA1);
  otherResellerApi = await createApiUser(t.accounts.resellerB);
  flowId = (await menuFlow(t.accounts.customerA1.id, t.actors.customerA1)).id;
  otherFlowId = (await menuFlow(t.accounts.customerB1.id, t.actors.customerB1)).id;
});

const DAY = 86_400_000;
const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, "Z");
const minutesAgo = (minutes: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * 60_000);

/** A call through the menu pressing 1 and answered, `seconds` long, started at `startedAt`. */
function answeredCall(startedAt: Date, overrides: Record<string, unknown> = {}) {
  const at = (seconds: number) => iso(new Date(startedAt.getTime() + seconds * 1000));
  return {
    call_id: `call-${randomUUID()}`,
    flow: flowId,
    number: "+441632960001",
    caller: "+447700900123",
    started_at: iso(startedAt),
    ended_at: at(133),
    outcome: "answered",
    steps: [
      { module: "start", at: at(0), route: "next" },
      { module: "menu", at: at(1), route: "1" },
      { module: "ring", at: at(9) },
    ],
    ...overrides,
  };
}

const post = (user: ApiUser, calls: unknown[], actingFor?: string) =>
  callApi("POST", "/voip/call", { headers: authHeaders(user, actingFor), body: { calls } });

type IngestResult = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: { path: string; message: string }[] }[];
};
const resultOf = (response: Awaited<ReturnType<typeof callApi>>) => response.json!.result as IngestResult;

describe("POST /voip/call", () => {
  it("stores a reseller's calls of its customer's flow, answers them back newest first, and the whole call by id", async () => {
    const older = answeredCall(minutesAgo(30));
    const newer = answeredCall(minutesAgo(10), { number: undefined, caller: undefined });
    const response = await post(resellerApi, [older, newer]);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status_code: 200, status_message: "OK" });
    expect(resultOf(response)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

    const list = await callApi("GET", `/voip/call?flow=${flowId}&limit=100`, { headers: authHeaders(customerApi) });
    const items = (list.json!.result as { items: Record<string, unknown>[] }).items;
    const ids = items.map((item) => item.call_id);
    expect(ids.indexOf(newer.call_id)).toBeLessThan(ids.indexOf(older.call_id));
    const { steps: _steps, number: _n, caller: _c, ...summary } = newer;
    expect(items.find((item) => item.call_id === newer.call_id)).toEqual({ ...summary, flow_version: 1 });

    const one = await callApi("GET", `/voip/call/${older.call_id}`, { headers: authHeaders(customerApi) });
    expect(one.json!.result).toEqual({ ...older, flow_version: 1 });
  });

  it("stores texts holding backslashes, quotes, tabs' escapes and other scripts exactly as sent", async () => {
    const startedAt = minutesAgo(20);
    const at = (seconds: number) => iso(new Date(startedAt.getTime() + seconds * 1000));
    const call = answeredCall(startedAt, {
      call_id: `call\\${randomUUID()}\\N`,
      caller: 'Réception "front" \\t desk ☎',
      steps: [
        { module: "start", at: at(0), route: "next" },
        { module: 'odd \\ "key" \\n ☎', at: at(2) },
      ],
    });
    expect(resultOf(await post(resellerApi, [call]))).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const one = await callApi("GET", `/voip/call/${encodeURIComponent(call.call_id)}`, { headers: authHeaders(customerApi) });
    expect(one.json!.result).toEqual({
      ...call,
      steps: [call.steps[0], { ...call.steps[1], unknown_module: true }],
      flow_version: 1,
    });
  });

  it("stores the good calls of a batch and names each refused call's field", async () => {
    const good = answeredCall(minutesAgo(5));
    const start = minutesAgo(20);
    const bad = [
      answeredCall(start, { ended_at: iso(new Date(start.getTime() - 1000)) }),
      answeredCall(new Date(Date.now() + 10 * 60_000)),
      answeredCall(start, { steps: Array.from({ length: 501 }, () => ({ module: "menu", at: iso(start), route: "timeout" })) }),
      answeredCall(start, { outcome: "abandoned" }),
      answeredCall(start, { flow: randomUUID() }),
      answeredCall(start, { flow: otherFlowId }),
    ];
    const result = resultOf(await post(customerApi, [good, ...bad]));
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((entry) => entry.index)).toEqual([1, 2, 3, 4, 5, 6]);
    const paths = result.rejected.map((entry) => entry.errors.map((error) => error.path));
    expect(paths).toEqual([
      ["ended_at"],
      ["started_at", "ended_at", "steps.0.at", "steps.1.at", "steps.2.at"],
      ["steps"],
      ["outcome"],
      ["flow"],
      ["flow"],
    ]);
    expect(result.rejected[0]!.errors[0]!.message).toMatch(/ended_at is before started_at/);
    expect(result.rejected[1]!.errors[0]!.message).toMatch(/more than 5 minutes in the future/);
    expect(result.rejected[2]!.errors[0]!.message).toMatch(/at most 500 steps/);
    expect(result.rejected[3]!.errors[0]!.message).toMatch(/must be one of answered, voicemail/);
    // Another tenant's flow is refused exactly as a flow that does not exist.
    expect(result.rejected[5]!.errors).toEqual(result.rejected[4]!.errors);
  });

  it("counts a call sent again as a duplicate, stored once, even when the same batch is posted twice at once", async () => {
    const batch = Array.from({ length: 50 }, (_, i) => answeredCall(minutesAgo(60 + i)));
    const [first, second] = await Promise.all([post(resellerApi, batch), post(customerApi, batch)]);
    const results = [resultOf(first), resultOf(second)];
    expect(results.map((result) => result.accepted + result.duplicates)).toEqual([50, 50]);
    expect(results[0]!.accepted + results[1]!.accepted).toBe(50);
    const stored = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Call" WHERE "callId" = ANY(${batch.map((call) => call.call_id)})`;
    expect(stored[0]!.n).toBe(50);
    // The same call_id with other times is still the same call.
    const moved = answeredCall(minutesAgo(2), { call_id: batch[1]!.call_id });
    const again = resultOf(await post(resellerApi, [batch[0], moved, batch[0]]));
    expect(again).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
  });

  it("keeps calls on both sides of a month boundary in their months' partitions, and reads them across it", async () => {
    const now = new Date();
    const boundary = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const before = answeredCall(new Date(boundary.getTime() - 60_000), { ended_at: iso(new Date(boundary.getTime() + 73_000)) });
    const after = answeredCall(new Date(boundary.getTime() + 60_000));
    expect(resultOf(await post(customerApi, [before, after])).accepted).toBe(2);
    const monthOf = async (callId: string) =>
      (
        await db.$queryRaw<{ month: string }[]>`SELECT tableoid::regclass::text AS month FROM "Call" WHERE "callId" = ${callId}`
      )[0]!.month;
    expect(await monthOf(before.call_id)).toBe(
      `"${partitionName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)))}"`,
    );
    expect(await monthOf(after.call_id)).toBe(`"${partitionName(boundary)}"`);
    const across = await callApi(
      "GET",
      `/voip/call?from=${iso(new Date(boundary.getTime() - 120_000))}&to=${iso(new Date(boundary.getTime() + 120_000))}`,
      { headers: authHeaders(customerApi) },
    );
    const ids = (across.json!.result as { items: { call_id: string }[] }).items.map((item) => item.call_id);
    expect(ids).toEqual(expect.arrayContaining([before.call_id, after.call_id]));
    expect(ids.indexOf(after.call_id)).toBeLessThan(ids.indexOf(before.call_id));
  });

  it("records the version live at started_at and flags steps naming modules that version did not have", async () => {
    const flow = await menuFlow(t.accounts.customerA1.id, t.actors.customerA1);
    const { extension: flowExtension, name } = flow;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await updateCallFlow(contextAs(t.actors.customerA1), {
      accountId: t.accounts.customerA1.id,
      id: flow.id,
      expectedVersion: 1,
      document: { name, extension: flowExtension, flow: { ...MENU_FLOW, late: { module: "busy" } } },
    });
    const [v1, v2] = await db.callFlowRevision.findMany({ where: { callFlowId: flow.id }, orderBy: { version: "asc" } });
    // Revisions are history (append-only): calls are placed around the times they were made.
    const between = new Date((v1!.createdAt.getTime() + v2!.createdAt.getTime()) / 2);
    const lateStep = (startedAt: Date) => ({ module: "late", at: iso(startedAt) });
    const onFirst = answeredCall(between, { flow: flow.id, ended_at: iso(new Date(v2!.createdAt.getTime() + 60_000)) });
    const onSecond = answeredCall(new Date(v2!.createdAt.getTime() + 1000), { flow: flow.id });
    onFirst.steps = [...onFirst.steps, lateStep(between)];
    onSecond.steps = [...onSecond.steps, lateStep(v2!.createdAt)];
    expect(resultOf(await post(customerApi, [onFirst, onSecond])).accepted).toBe(2);
    const read = async (callId: string) =>
      (await callApi("GET", `/voip/call/${callId}`, { headers: authHeaders(customerApi) })).json!.result as {
        flow_version: number;
        steps: Record<string, unknown>[];
      };
    const first = await read(onFirst.call_id);
    expect(first.flow_version).toBe(1);
    expect(first.steps.at(-1)).toEqual({ ...lateStep(between), unknown_module: true });
    expect(first.steps.slice(0, -1).every((step) => !("unknown_module" in step))).toBe(true);
    const second = await read(onSecond.call_id);
    expect(second.flow_version).toBe(2);
    expect(second.steps.at(-1)).toEqual(lateStep(v2!.createdAt));
    const stats = await callApi("GET", `/voip/flow/${flow.id}/stats?version=1`, { headers: authHeaders(customerApi) });
    expect((stats.json!.result as { calls: number }).calls).toBe(1);
  });

  it("works the batches on a thread of its own at a lower CPU priority than the request thread", async () => {
    expect(resultOf(await post(customerApi, [answeredCall(minutesAgo(3))])).accepted).toBe(1);
    // Each thread's nice value is the 19th field of /proc/self/task/<id>/stat (after the name's parenthesis).
    const niceOf = (thread: string) =>
      Number(readFileSync(`/proc/self/task/${thread}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
    const nices = readdirSync("/proc/self/task").map(niceOf);
    expect(niceOf(String(process.pid))).toBe(0);
    expect(nices).toContain(10);
  });

  it("refuses more than 1,000 calls with 400 and a body over the limit with 413, storing nothing", async () => {
    const many = Array.from({ length: 1001 }, () => ({ call_id: "x" }));
    const tooMany = await post(customerApi, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json!.errors).toEqual([{ path: "calls", message: expect.stringMatching(/at most 1,000 calls/) }]);
    const huge = await callApi("POST", "/voip/call", {
      headers: { ...authHeaders(customerApi), "Content-Type": "application/json" },
      rawBody: JSON.stringify({ calls: [answeredCall(minutesAgo(1), { caller: "x".repeat(MAX_CALL_BATCH_BYTES) })] }),
    });
    expect(huge.status).toBe(413);
    expect((await post(customerApi, [])).status).toBe(400);
  });
});

describe("tenant isolation of the reads", () => {
  it("another reseller's API user gets not found for the flow's stats and the call, and an empty list", async () => {
    const call = answeredCall(minutesAgo(3));
    await post(customerApi, [call]);
    const other = authHeaders(otherResellerApi);
    expect((await callApi("GET", `/voip/call/${call.call_id}`, { headers: other })).status).toBe(404);
    expect((await callApi("GET", `/voip/flow/${flowId}/stats`, { headers: other })).status).toBe(404);
    const list = await callApi("GET", `/voip/call?flow=${flowId}`, { headers: other });
    expect((list.json!.result as { items: unknown[] }).items).toEqual([]);
    const sibling = await createApiUser(t.accounts.customerA2);
    expect((await callApi("GET", `/voip/call/${call.call_id}`, { headers: authHeaders(sibling) })).status).toBe(404);
    expect((await callApi("GET", `/voip/call/${call.call_id}`, { headers: authHeaders(resellerApi) })).status).toBe(200);
  });
});

describe("retention", () => {
  it("drops whole months of calls past the retention, with their keys, and keeps their rollups", async () => {
    // Months shared with no other test: the one before last (dropped) and last month (kept). Other
    // files' retention rounds, at today with 90 days, leave both alone.
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const monthBefore = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
    const flow = await menuFlow(t.accounts.customerA1.id, t.actors.customerA1);
    const old = answeredCall(new Date(monthBefore.getTime() + 14 * DAY), { flow: flow.id });
    const kept = answeredCall(new Date(lastMonth.getTime() + DAY), { flow: flow.id });
    expect(resultOf(await post(customerApi, [old, kept])).accepted).toBe(2);
    // As if it were the 11th of last month, with 5 days kept: the month before is past whole; last month is not.
    const then = new Date(lastMonth.getTime() + 10 * DAY);
    const pruned = await pruneCallHistory(then, { callDays: 5, statsDays: 40_000 });
    expect(pruned.callMonths).toContain(partitionName(monthBefore));
    expect(pruned.callMonths).not.toContain(partitionName(lastMonth));
    const names = (await callPartitions()).map((partition) => partition.name);
    expect(names).not.toContain(partitionName(monthBefore));
    expect(names).toContain(partitionName(lastMonth));
    const headers = authHeaders(customerApi);
    expect((await callApi("GET", `/voip/call/${old.call_id}`, { headers })).status).toBe(404);
    expect((await callApi("GET", `/voip/call/${kept.call_id}`, { headers })).status).toBe(200);
    expect(await db.callKey.count({ where: { callId: old.call_id } })).toBe(0);
    const stats = (await callApi("GET", `/voip/flow/${flow.id}/stats`, { headers })).json!.result as { calls: number };
    expect(stats.calls).toBe(2);
    // Rollups go once past their own retention: the old call's day is 26 days before, the kept one's 9.
    await pruneCallHistory(then, { callDays: 5, statsDays: 15 });
    const after = (await callApi("GET", `/voip/flow/${flow.id}/stats`, { headers })).json!.result as { calls: number };
    expect(after.calls).toBe(1);
  });
});

describe("stats", () => {
  const STEP_CHOICES = ["1", "2", "timeout", "invalid"] as const;

  /** A call through the menu flow as the simulator would walk it, from a choice and a ring outcome. */
  function walk(startedAt: Date, choice: (typeof STEP_CHOICES)[number], answered: boolean, seconds: number, flow: string) {
    const at = (offset: number) => iso(new Date(startedAt.getTime() + offset * 1000));
    const steps: { module: string; at: string; route?: string }[] = [
      { module: "start", at: at(0), route: "next" },
      { module: "menu", at: at(1), route: choice },
    ];
    if (choice === "1") {
      steps.push({ module: "ring", at: at(2), ...(answered ? {} : { route: "noanswer" }) });
      if (!answered) steps.push({ module: "mail", at: at(3) });
    } else steps.push({ module: "mail", at: at(2) });
    return { call_id: `p-${randomUUID()}`, flow, started_at: at(0), ended_at: at(seconds), steps };
  }

  it("equal a recount of the calls posted, whatever the calls (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            daysAgo: fc.integer({ min: 0, max: 20 }),
            choice: fc.constantFrom(...STEP_CHOICES),
            answered: fc.boolean(),
            seconds: fc.integer({ min: 3, max: 400 }),
            outcome: fc.constantFrom(...CALL_OUTCOMES),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        async (drawn) => {
          const flow = (await menuFlow(t.accounts.customerA1.id, t.actors.customerA1)).id;
          const calls = drawn.map((call) => ({
            ...walk(minutesAgo(call.daysAgo * 1440 + 5), call.choice, call.answered, call.seconds, flow),
            outcome: call.outcome,
          }));
          expect(resultOf(await post(customerApi, calls)).accepted).toBe(calls.length);
          const stats = (await callApi("GET", `/voip/flow/${flow}/stats`, { headers: authHeaders(customerApi) })).json!.result;

          const outcomes: Record<string, number> = {};
          const modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }> = {};
          for (const call of calls) {
            outcomes[call.outcome] = (outcomes[call.outcome] ?? 0) + 1;
            const visited = new Set<string>();
            const left = new Set<string>();
            for (const step of call.steps) {
              modules[step.module] ??= { entered: 0, ended_here: 0, routes: {} };
              const module = modules[step.module]!;
              if (!visited.has(step.module)) module.entered++;
              visited.add(step.module);
              if (step.route && !left.has(`${step.module}/${step.route}`))
                module.routes[step.route] = (module.routes[step.route] ?? 0) + 1;
              if (step.route) left.add(`${step.module}/${step.route}`);
            }
            modules[call.steps.at(-1)!.module]!.ended_here++;
          }
          const durations = calls
            .map((call) => (Date.parse(call.ended_at) - Date.parse(call.started_at)) / 1000)
            .sort((a, b) => a - b);
          const middle = durations.length / 2;
          const median = durations.length % 2 ? durations[Math.floor(middle)] : (durations[middle - 1]! + durations[middle]!) / 2;
          expect(stats).toEqual({ calls: calls.length, outcomes, median_duration_s: median, modules });
        },
      ),
      { numRuns: 15 },
    );
  });

  it("count each batch once while batches are posted and folded at the same moments", async () => {
    const flow = (await menuFlow(t.accounts.customerA1.id, t.actors.customerA1)).id;
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 30 }, (_, i) => ({
        ...walk(minutesAgo(b * 700 + i * 7 + 5), STEP_CHOICES[(b + i) % 4]!, i % 3 > 0, 10 + i, flow),
        outcome: CALL_OUTCOMES[(b * 30 + i) % CALL_OUTCOMES.length]!,
      })),
    );
    // The last batch sent again beside itself: its calls are stored, and counted, once.
    const posted = [...batches, batches[5]!].map((batch) => post(customerApi, batch));
    const folds = Array.from({ length: 4 }, () => foldCallRollups());
    await Promise.all([...posted, ...folds]);
    const stats = (await callApi("GET", `/voip/flow/${flow}/stats`, { headers: authHeaders(customerApi) })).json!.result as {
      calls: number;
      outcomes: Record<string, number>;
      modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }>;
    };
    const recount = await db.$queryRaw<{ outcome: string; calls: number }[]>`
      SELECT outcome, count(*)::int AS calls FROM "Call" WHERE "callFlowId" = ${flow}::uuid GROUP BY outcome`;
    expect(stats.calls).toBe(180);
    expect(stats.outcomes).toEqual(Object.fromEntries(recount.map((row) => [row.outcome, row.calls])));
    expect(stats.modules.start!.entered).toBe(180);

    // A batch with calls already stored beside new ones takes the statement that counts only the new.
    const fresh = Array.from({ length: 3 }, (_, i) => ({
      ...walk(minutesAgo(30 + i), "1", i > 0, 20 + i, flow),
      outcome: "answered" as const,
    }));
    const mixed = resultOf(await post(customerApi, [batches[0]![0]!, ...fresh, batches[1]![0]!]));
    expect(mixed).toMatchObject({ accepted: 3, duplicates: 2 });
    const after = (await callApi("GET", `/voip/flow/${flow}/stats`, { headers: authHeaders(customerApi) })).json!.result as {
      calls: number;
      outcomes: Record<string, number>;
      modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }>;
    };
    expect(after.calls).toBe(183);
    expect(after.outcomes.answered).toBe((stats.outcomes.answered ?? 0) + 3);
    expect(after.modules.ring!.entered).toBe(stats.modules.ring!.entered + 3);
    expect(after.modules.ring!.ended_here).toBe(stats.modules.ring!.ended_here + 2);
    expect(after.modules.menu!.routes["1"]).toBe(stats.modules.menu!.routes["1"]! + 3);
  });
});
