import type { Db } from "@/server/db";
import type { CallOutcome } from "@/server/domain/calls/call-input";
import {
  type EndingKind,
  type ScenarioChoice,
  type SimulationResources,
  type SimulationResult,
  simulateCall,
} from "@/server/domain/call-flow/simulate";
import type { TFlowMap } from "@/server/domain/call-flow";
import { type StoredCall, storeCallRows } from "@/server/services/calls/ingest";
import { foldCallRollups } from "@/server/services/calls/rollups";
import { type FlowVersions, versionLiveAt } from "@/server/domain/calls/versions";

// ─── DEMO CALLS ─── plausible call history for the demo flows, made by the simulator: each call
// walks its flow as the simulator walks a test call, its choices drawn at random (the keys a menu
// offers, pressing nothing, rings answered or not), at the hours offices get calls. Stored in
// bulk, with their rollups, by the same statement as POST /voip/call.

/** How the simulator's endings are reported by a switch. */
const OUTCOME_OF_ENDING: Record<EndingKind, CallOutcome> = {
  answered: "answered",
  voicemail: "voicemail",
  conference: "conference",
  trunk: "transferred",
  busy: "busy",
  fax: "fax",
  hangup: "hangup",
  cut: "failed",
};

/** Calls per hour of the day (UTC), relative: the office day, a lunch dip, a quiet night. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 10, 22, 30, 28, 24, 16, 20, 26, 24, 18, 10, 6, 4, 3, 2, 1, 1];
const HOURS_TOTAL = HOUR_WEIGHTS.reduce((sum, weight) => sum + weight, 0);

/** A deterministic generator (mulberry32): the same demo for everyone. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const NO_RESOURCES: SimulationResources = {
  sipUsers: new Map(),
  huntGroups: new Map(),
  sounds: new Map(),
  playlists: new Map(),
  mailboxes: new Map(),
  trunks: new Map(),
};

/** Walks the flow, deciding at each prompt and ring as callers tend to. */
function walk(flow: TFlowMap, random: Random): SimulationResult {
  const choices: ScenarioChoice[] = [];
  for (;;) {
    const result = simulateCall(flow, NO_RESOURCES, { callerId: "", choices, callerIdMatches: {} });
    const pending = result.pending;
    if (!pending || choices.length > 20) return result;
    if (pending.kind === "ring") {
      const draw = random();
      choices.push({ ring: draw < 0.65 ? "answered" : draw < 0.93 ? "noanswer" : "busy" });
      continue;
    }
    // Most press a key offered, some wait (timeout), a few press one that leads nowhere.
    const offered = pending.keys.filter((key) => key !== "invalid" && key !== "timeout");
    const draw = random();
    if (draw < 0.12 || offered.length === 0) choices.push("timeout");
    else if (draw < 0.16) choices.push({ press: "9" });
    else choices.push({ press: offered[Math.floor(random() * random() * offered.length)]! });
  }
}

/** The route a step left its module by to reach `next`: the one its choice names, else the first leading there. */
function routeTaken(
  module: Readonly<Record<string, unknown>> | undefined,
  next: string,
  choice: string | null,
): string | undefined {
  if (!module) return undefined;
  const routes: string[] = [];
  for (const [field, value] of Object.entries(module)) {
    if (field === "module") continue;
    if (value === next) routes.push(field);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [branch, target] of Object.entries(value)) if (target === next) routes.push(branch);
    }
  }
  const pressed = choice?.match(/^pressed (\S+)$/)?.[1];
  if (pressed && routes.includes(pressed)) return pressed;
  if (choice?.includes("timeout") && routes.includes("timeout")) return "timeout";
  if (pressed && routes.includes("invalid")) return "invalid";
  return routes[0];
}

export type DemoFlow = { id: string; accountId: string; flow: TFlowMap; numbers: string[]; versions: FlowVersions };

/** One simulated call of `flow`, started at `startedAt`. */
export function demoCall(flow: DemoFlow, callId: string, startedAt: Date, random: Random): StoredCall {
  const result = walk(flow.flow, random);
  let steps = result.steps;
  let outcome: CallOutcome = result.ending ? OUTCOME_OF_ENDING[result.ending.kind] : "hangup";
  // Some callers hang up before the flow is done with them.
  if (steps.length > 2 && random() < 0.1) {
    steps = steps.slice(0, 1 + Math.floor(random() * (steps.length - 1)));
    outcome = "hangup";
  }
  let at = startedAt.getTime();
  const stored = steps.map((step, index) => {
    const entered = at;
    at += Math.max(1, Math.round(step.seconds)) * 1000;
    const next = steps[index + 1];
    const route = next ? routeTaken(flow.flow[step.moduleKey], next.moduleKey, step.choice) : undefined;
    return { module: step.moduleKey, at: new Date(entered).toISOString(), ...(route ? { route } : {}) };
  });
  const talk =
    outcome === "answered"
      ? 30 + Math.floor(random() * random() * 900)
      : outcome === "voicemail"
        ? 20 + Math.floor(random() * 60)
        : 0;
  return {
    a: flow.accountId,
    c: callId,
    f: flow.id,
    v: versionLiveAt(flow.versions, startedAt),
    s: startedAt.toISOString(),
    e: new Date(at + talk * 1000).toISOString(),
    o: outcome,
    n: flow.numbers.length > 0 ? flow.numbers[Math.floor(random() * flow.numbers.length)]! : null,
    k: `+4477009${String(Math.floor(random() * 100_000)).padStart(5, "0")}`,
    t: stored,
  };
}

/** When a call of day `daysAgo` starts: weekdays busier than weekends, office hours busier than nights. */
function startOf(daysAgo: number, now: Date, random: Random): Date {
  let pick = random() * HOURS_TOTAL;
  let hour = 0;
  while (pick >= HOUR_WEIGHTS[hour]!) pick -= HOUR_WEIGHTS[hour++]!;
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo);
  const start = new Date(day + hour * 3_600_000 + Math.floor(random() * 3_600_000));
  return start;
}

/**
 * Adds about `perDay` calls a day for the last `days` days (today's up to now) to each flow,
 * fewer at weekends; call ids start with `prefix`, so a second run adds rather than repeats.
 * Answers how many were stored.
 */
export async function addDemoCalls(
  client: Db,
  flows: readonly DemoFlow[],
  options: { days: number; perDay: number; prefix: string; seed: number },
): Promise<number> {
  const random = seededRandom(options.seed);
  const now = new Date();
  let stored = 0;
  let batch: StoredCall[] = [];
  const flush = async () => {
    stored += await storeCallRows(batch, client);
    batch = [];
  };
  for (const [flowIndex, flow] of flows.entries()) {
    for (let daysAgo = options.days - 1; daysAgo >= 0; daysAgo--) {
      const weekday = new Date(now.getTime() - daysAgo * 86_400_000).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const count = Math.round(options.perDay * (weekend ? 0.3 : 1) * (0.8 + random() * 0.4));
      for (let i = 0; i < count; i++) {
        const startedAt = startOf(daysAgo, now, random);
        if (startedAt.getTime() > now.getTime() - 60_000) continue;
        batch.push(demoCall(flow, `${options.prefix}-${flowIndex}-${daysAgo}-${i}`, startedAt, random));
        if (batch.length >= 1000) await flush();
      }
    }
  }
  await flush();
  // Folded now, so the rollups are complete even before a portal runs.
  await foldCallRollups(client);
  return stored;
}

/** The flows of these accounts, as the demo calls need them. */
export async function demoFlowsOf(client: Db, accountIds: readonly string[]): Promise<DemoFlow[]> {
  const flows = await client.callFlow.findMany({
    where: { accountId: { in: [...accountIds] }, published: true },
    select: { id: true, accountId: true, flow: true, version: true, phoneNumbers: { select: { number: true } } },
    orderBy: { extension: "asc" },
  });
  const revisions = await client.callFlowRevision.findMany({
    where: { callFlowId: { in: flows.map((flow) => flow.id) } },
    select: { callFlowId: true, version: true, createdAt: true },
    orderBy: { version: "asc" },
  });
  return flows.map((flow) => ({
    id: flow.id,
    accountId: flow.accountId,
    flow: flow.flow as TFlowMap,
    numbers: flow.phoneNumbers.map((number) => number.number),
    versions: {
      flowId: flow.id,
      accountId: flow.accountId,
      currentVersion: flow.version,
      versions: revisions.filter((revision) => revision.callFlowId === flow.id),
    },
  }));
}
