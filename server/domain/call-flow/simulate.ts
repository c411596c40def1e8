import { moduleTypeDefinition, moduleTypeOf, type TFlowMap, type TFlowModule } from "./modules";
import {
  Call,
  type CallEnding,
  type CallScenario,
  hangup,
  MAX_SIMULATION_STEPS,
  type PendingDecision,
  type ScenarioChoice,
  type SimulationResources,
  type SimulationResult,
} from "./simulated-call";

export {
  type CallEnding,
  type CallScenario,
  ENDING_KINDS,
  type EndingKind,
  type HeardSound,
  MAX_SIMULATION_STEPS,
  type PendingDecision,
  type PromptChoice,
  RING_OUTCOMES,
  type RingOutcome,
  type ScenarioChoice,
  type SimulationResources,
  type SimulationResult,
  type SimulationStep,
} from "./simulated-call";

// The simulator's walk through a flow, and the search for every way a call can end. What each
// module does to the call is its registry entry's `simulate` (see ./modules); the call itself,
// its scenario and its result are in ./simulated-call.

/** Follows a call through `flow` as `scenario` decides; stops early when a decision is missing. */
export function simulateCall(flow: TFlowMap, resources: SimulationResources, scenario: CallScenario): SimulationResult {
  const call = new Call(flow, resources, scenario);
  const startKey = Object.keys(flow).find((key) => moduleTypeOf(flow[key]?.module) === "start");
  if (startKey === undefined) return call.result(hangup("The flow has no start module: the call cannot be answered.").ending);
  let key = startKey;
  for (;;) {
    if (call.steps.length >= MAX_SIMULATION_STEPS) {
      return call.result({
        kind: "cut",
        description: `The call was cut after ${MAX_SIMULATION_STEPS} steps: it keeps going round the flow without ending.`,
      });
    }
    const module: TFlowModule | undefined = flow[key];
    const type = moduleTypeOf(module?.module);
    if (module === undefined || type === undefined) {
      return call.result(hangup(`The flow routes to "${key}", which is not a module of this flow: the call hangs up.`).ending);
    }
    const transition = moduleTypeDefinition(type).simulate(call, key, module);
    if ("ending" in transition) return call.result(transition.ending);
    if ("pending" in transition) return call.result(null, transition.pending);
    key = transition.next;
  }
}

interface EndingRoute {
  ending: CallEnding;
  /** A scenario that leads to this ending; `simulateCall` with it reproduces the path. */
  scenario: CallScenario;
  /** The choices along the way, in plain English. */
  via: string[];
}

export interface EndingsReport {
  endings: EndingRoute[];
  /** Modules that no call reaches, whatever the caller does. */
  unreachable: string[];
  /** True when the exploration stopped at its bounds before trying every path. */
  truncated: boolean;
}

const MAX_LISTED_ENDINGS = 100;
const MAX_EXPLORED_PATHS = 5000;

/**
 * Every distinct way a call can end in this flow, each with a scenario that leads to it. Explores
 * every decision (menu keys, invalid input, timeouts, caller-ID match or not, answered or not)
 * depth first; a path that comes back to a prompt it has already passed adds nothing new and is
 * not followed again, which keeps the search finite.
 */
export function listEndings(flow: TFlowMap, resources: SimulationResources): EndingsReport {
  const byDescription = new Map<string, EndingRoute>();
  const visited = new Set<string>();
  let explored = 0;
  let truncated = false;
  const queue: CallScenario[] = [{ callerId: "", choices: [], callerIdMatches: {} }];
  while (queue.length > 0) {
    if (explored >= MAX_EXPLORED_PATHS || byDescription.size >= MAX_LISTED_ENDINGS) {
      truncated = true;
      break;
    }
    const scenario = queue.pop()!;
    explored++;
    const result = simulateCall(flow, resources, scenario);
    for (const step of result.steps) visited.add(step.moduleKey);
    const branchAt = firstUndecidedCallerIdMatch(flow, result, scenario);
    if (branchAt !== null) {
      for (const matches of [false, true]) {
        queue.push({ ...scenario, callerIdMatches: { ...scenario.callerIdMatches, [branchAt]: matches } });
      }
      continue;
    }
    if (result.ending) {
      const existing = byDescription.get(result.ending.description);
      if (!existing || existing.scenario.choices.length > scenario.choices.length) {
        byDescription.set(result.ending.description, { ending: result.ending, scenario, via: describeRoute(result) });
      }
      continue;
    }
    if (!result.pending || revisitsPrompt(result)) continue;
    for (const choice of choicesAt(result.pending, flow).reverse()) {
      queue.push({ ...scenario, choices: [...scenario.choices, choice] });
    }
  }
  return {
    endings: [...byDescription.values()],
    unreachable: Object.keys(flow).filter((key) => !visited.has(key)),
    truncated,
  };
}

/** listEndings decides caller-ID matches itself: a module reached with no decision yet is a branch. */
function firstUndecidedCallerIdMatch(flow: TFlowMap, result: SimulationResult, scenario: CallScenario): string | null {
  for (const step of result.steps) {
    const decidesOnCallerId = moduleTypeDefinition(step.module).callerIdPatterns !== undefined;
    if (decidesOnCallerId && scenario.callerIdMatches?.[step.moduleKey] === undefined && flow[step.moduleKey]) {
      return step.moduleKey;
    }
  }
  return null;
}

/** Waiting again at a module this call already decided at (a loop), not at the next decision of the same visit. */
function revisitsPrompt(result: SimulationResult): boolean {
  const pendingKey = result.pending?.moduleKey;
  const steps = result.steps.at(-1)?.moduleKey === pendingKey ? result.steps.slice(0, -1) : result.steps;
  return steps.some((step) => step.moduleKey === pendingKey && step.choice !== null);
}

function choicesAt(pending: PendingDecision, flow: TFlowMap): ScenarioChoice[] {
  if (pending.kind === "ring") return [{ ring: "answered" }, { ring: "noanswer" }];
  const module = flow[pending.moduleKey];
  const type = moduleTypeOf(module?.module);
  if (module === undefined || type === undefined) return [];
  return moduleTypeDefinition(type).promptChoices?.(pending, module) ?? [];
}

function describeRoute(result: SimulationResult): string[] {
  // Keys are usually UUIDs: their first 8 characters tell modules apart and stay readable.
  return result.steps
    .filter((step) => step.choice !== null)
    .map((step) => `${step.module} ${step.moduleKey.slice(0, 8)}: ${step.choice}`);
}
