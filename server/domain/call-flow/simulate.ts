import { matchCallerId } from "./caller-id";
import {
  effectiveBusyToneDuration,
  effectiveDialRingDuration,
  effectiveDialWaitDuration,
  effectiveIvrWaitDuration,
  effectiveRingDuration,
  IVR_BRANCH_KEYS,
  moduleTypeOf,
  SIPUSER_VOICEMAIL,
  type ModuleType,
  type TCallerIdMatchModule,
  type TDialByExtensionModule,
  type TExtensionModule,
  type TFlowMap,
  type TFlowModule,
  type TPressExtensionModule,
} from "./modules";

/**
 * A call followed through a flow without placing one. Pure: the caller supplies the flow, the
 * account's resources (for names) and a scenario; the result says step by step what the caller
 * hears, who rings and for how long, and how the call ends.
 *
 * Time counts what the caller sits through: the sounds played to them (their real length; a
 * sound without audio counts 0 s), a menu that times out, a ring that goes unanswered, the busy
 * tone. A key is pressed once its prompt has played; an answered or busy ring counts 0 s (it
 * ends when the callee answers or refuses).
 */

export type RingOutcome = "answered" | "noanswer" | "busy";

/** What the caller does at a prompt: press a key (IVR), dial an extension, or nothing. */
export type PromptChoice = { press: string } | { dial: number } | "timeout";

/** One decision, consumed in order at each prompt or ring of the call. */
export type ScenarioChoice = PromptChoice | { ring: RingOutcome };

export interface CallScenario {
  callerId: string;
  choices: readonly ScenarioChoice[];
  /** Decides a caller-ID match module without a concrete caller ID (used by `listEndings`). */
  callerIdMatches?: Readonly<Record<string, boolean>>;
}

type Named = { name: string };
/** A sound's length in milliseconds; null or absent for a sound that is only a name. */
type Timed = { durationMs?: number | null };
export interface SimulationResources {
  sipUsers: ReadonlyMap<string, Named & { extension: number; hasMailbox: boolean }>;
  huntGroups: ReadonlyMap<string, Named & { extension: number }>;
  sounds: ReadonlyMap<string, Named & Timed>;
  playlists: ReadonlyMap<string, Named>;
  mailboxes: ReadonlyMap<string, Named & { boxNumber: number }>;
  trunks: ReadonlyMap<string, Named>;
}

export interface SimulationStep {
  moduleKey: string;
  module: ModuleType;
  /** What happens here, in plain English. */
  description: string;
  /** Sound and playlist names the caller hears here. */
  hears: string[];
  /** The account's sounds the caller hears here, in order, for playing them back. */
  sounds: HeardSound[];
  /** Who rings here, and for how long at most. */
  rings: { targets: string[]; seconds: number } | null;
  /** The decision taken here, as the scenario gave it. */
  choice: string | null;
  seconds: number;
}

export type HeardSound = { uuid: string; name: string; durationMs: number | null };

export type EndingKind = "answered" | "voicemail" | "conference" | "trunk" | "busy" | "fax" | "hangup" | "cut";

export interface CallEnding {
  kind: EndingKind;
  description: string;
}

/** Where a step-by-step simulation stopped for want of a decision, and what can be chosen. */
export type PendingDecision =
  | { kind: "prompt"; moduleKey: string; keys: string[]; dialable: { extension: number; name: string }[] }
  | { kind: "ring"; moduleKey: string; targets: string[] };

export interface SimulationResult {
  steps: SimulationStep[];
  /** How the call ended; null while it waits for a decision the scenario did not give. */
  ending: CallEnding | null;
  pending: PendingDecision | null;
  totalSeconds: number;
}

/** A call that has taken this many steps is going round in circles: it is cut. */
export const MAX_SIMULATION_STEPS = 200;

const RING_LABEL: Record<RingOutcome, string> = { answered: "answered", noanswer: "not answered", busy: "busy" };

function describeChoice(choice: ScenarioChoice): string {
  if (choice === "timeout") return "nothing pressed (timeout)";
  if ("press" in choice) return `pressed ${choice.press}`;
  if ("dial" in choice) return `dialled ${choice.dial}`;
  return RING_LABEL[choice.ring];
}

class Call {
  readonly steps: SimulationStep[] = [];
  /** Kept in whole milliseconds, so sums of sound lengths carry no floating-point error. */
  private totalMs = 0;
  private nextChoice = 0;
  holdMusic: string | null = null;
  recording = false;

  constructor(
    readonly flow: TFlowMap,
    readonly resources: SimulationResources,
    readonly scenario: CallScenario,
  ) {}

  take(): ScenarioChoice | undefined {
    return this.scenario.choices[this.nextChoice++];
  }

  step(moduleKey: string, module: ModuleType, description: string, extra: Partial<SimulationStep> = {}) {
    const step: SimulationStep = { moduleKey, module, description, hears: [], sounds: [], rings: null, choice: null, seconds: 0, ...extra };
    this.steps.push(step);
    this.totalMs += Math.round(step.seconds * 1000);
    return step;
  }

  /** The account's sounds among `uuids` (ringtones may be playlists), for playing them back. */
  sounds(...uuids: (string | undefined)[]): HeardSound[] {
    return uuids.flatMap((uuid) => {
      const sound = uuid === undefined ? undefined : this.resources.sounds.get(uuid);
      return sound && uuid ? [{ uuid, name: sound.name, durationMs: sound.durationMs ?? null }] : [];
    });
  }

  /** How long the caller listens to these sounds, in seconds. */
  listening(sounds: readonly HeardSound[]): number {
    return sounds.reduce((ms, sound) => ms + (sound.durationMs ?? 0), 0) / 1000;
  }

  name(kind: keyof SimulationResources, uuid: string | undefined): string {
    if (uuid === undefined) return "";
    return this.resources[kind].get(uuid)?.name ?? `unknown ${kind.replace(/s$/, "")} ${uuid}`;
  }

  /** Ringtones may be a sound or a playlist. */
  soundOrPlaylist(uuid: string): string {
    return this.resources.sounds.get(uuid)?.name ?? this.name("playlists", uuid);
  }

  target(target: TExtensionModule["extensions"][number]): string {
    if (target.type === "forward") return target.number;
    const found = (target.type === "sipuser" ? this.resources.sipUsers : this.resources.huntGroups).get(target.uuid);
    return found ? `${found.name} (ext ${found.extension})` : `unknown ${target.type === "sipuser" ? "SIP user" : "hunt group"} ${target.uuid}`;
  }

  result(ending: CallEnding | null, pending: PendingDecision | null = null): SimulationResult {
    return { steps: this.steps, ending, pending, totalSeconds: this.totalMs / 1000 };
  }
}

/** What a module does with the call: pass it on, end it, or wait for a decision. */
type Transition = { next: string } | { ending: CallEnding } | { pending: PendingDecision };

function hangup(description: string): { ending: CallEnding } {
  return { ending: { kind: "hangup", description } };
}

function routeOrHangup(route: string | undefined, missing: string): Transition {
  return route === undefined ? hangup(missing) : { next: route };
}

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
    const transition = visit(call, key, type, module);
    if ("ending" in transition) return call.result(transition.ending);
    if ("pending" in transition) return call.result(null, transition.pending);
    key = transition.next;
  }
}

function visit(call: Call, key: string, type: ModuleType, module: TFlowModule): Transition {
  switch (type) {
    case "start": {
      const m = module as { next: string };
      call.step(key, type, "The call arrives.");
      return { next: m.next };
    }
    case "recording": {
      call.recording = true;
      call.step(key, type, "Call recording starts.");
      return { next: (module as { next: string }).next };
    }
    case "musiconhold": {
      const m = module as { class: string; next: string };
      call.holdMusic = call.name("playlists", m.class);
      call.step(key, type, `Hold music is set to ${call.holdMusic}.`);
      return { next: m.next };
    }
    case "play": {
      const m = module as { sound: string; next: string };
      const sound = call.name("sounds", m.sound);
      const sounds = call.sounds(m.sound);
      call.step(key, type, `The caller hears ${sound}.`, { hears: [sound], sounds, seconds: call.listening(sounds) });
      return { next: m.next };
    }
    case "calleridmatch":
      return visitCallerIdMatch(call, key, module as TCallerIdMatchModule);
    case "extension":
      return visitExtension(call, key, module as TExtensionModule);
    case "pressextension":
      return visitMenu(call, key, module as TPressExtensionModule);
    case "dialbyextension":
      return visitDialByExtension(call, key, module as TDialByExtensionModule);
    case "busy": {
      const seconds = effectiveBusyToneDuration(module as { duration?: number });
      call.step(key, type, `The caller hears a busy tone for ${seconds} s.`, { seconds });
      return { ending: { kind: "busy", description: `Busy tone for ${seconds} s, then the call hangs up.` } };
    }
    case "voicemail": {
      const boxes = (module as { mailboxes: string[] }).mailboxes.map((uuid) => call.name("mailboxes", uuid));
      call.step(key, type, `The caller is asked to leave a message.`);
      return { ending: { kind: "voicemail", description: `Voicemail: a message is left in ${boxes.join(", ")}.` } };
    }
    case "conference": {
      const m = module as { pin?: string; announcement?: string; music?: string };
      const hears = [m.announcement && call.name("sounds", m.announcement), m.music && call.name("playlists", m.music)].filter(
        (name): name is string => Boolean(name),
      );
      const sounds = call.sounds(m.announcement);
      call.step(key, type, `The caller joins the conference${m.pin ? " after entering its PIN" : ""}.`, { hears, sounds, seconds: call.listening(sounds) });
      return { ending: { kind: "conference", description: `Joins the conference bridge${m.pin ? " (PIN required)" : ""}.` } };
    }
    case "Trunk": {
      const trunk = call.name("trunks", (module as { uuid: string }).uuid);
      call.step(key, type, `The call is sent to trunk ${trunk}.`);
      return { ending: { kind: "trunk", description: `Sent to trunk ${trunk}.` } };
    }
    case "fax":
      call.step(key, type, "The call is answered as a fax.");
      return { ending: { kind: "fax", description: "Received as a fax." } };
  }
}

function visitCallerIdMatch(call: Call, key: string, module: TCallerIdMatchModule): Transition {
  const decided = call.scenario.callerIdMatches?.[key];
  const matches = decided ?? matchCallerId(module.patterns, call.scenario.callerId);
  const subject = decided === undefined ? `Caller ID "${call.scenario.callerId}"` : "The caller ID";
  call.step(key, "calleridmatch", `${subject} ${matches ? "matches" : "matches none of"} ${module.patterns.join(", ")}.`, {
    choice: matches ? "match" : "nomatch",
  });
  return { next: matches ? module.match : module.nomatch };
}

/** Rings targets; the scenario says how the ring ends. */
function ring(
  call: Call,
  key: string,
  type: ModuleType,
  targets: string[],
  seconds: number,
  hears: string[],
  sounds: HeardSound[],
): { pending: PendingDecision } | { outcome: RingOutcome } {
  const choice = call.take();
  if (choice === undefined) return { pending: { kind: "ring", moduleKey: key, targets } };
  const outcome: RingOutcome = typeof choice === "object" && "ring" in choice ? choice.ring : "noanswer";
  const waited = outcome === "noanswer" ? seconds : 0;
  call.step(key, type, `${targets.join(", ")} ring${targets.length === 1 ? "s" : ""} for up to ${seconds} s: ${RING_LABEL[outcome]}.`, {
    rings: { targets, seconds },
    hears,
    sounds,
    choice: describeChoice({ ring: outcome }),
    seconds: waited,
  });
  return { outcome };
}

function visitExtension(call: Call, key: string, module: TExtensionModule): Transition {
  const targets = module.extensions.map((target) => call.target(target));
  const hears = module.ringtone ? [call.soundOrPlaylist(module.ringtone)] : [];
  const rang = ring(call, key, "extension", targets, effectiveRingDuration(module), hears, call.sounds(module.ringtone));
  if ("pending" in rang) return { pending: rang.pending };
  if (rang.outcome === "answered") {
    const whisper = module.announcement ? ` (the callee first hears ${call.name("sounds", module.announcement)})` : "";
    const who = targets.length === 1 ? targets[0] : `one of ${targets.join(", ")}`;
    return { ending: { kind: "answered", description: `Answered by ${who}${whisper}.` } };
  }
  return routeOrHangup(module.noanswer, `Nobody answered and the module has no no-answer route: the call hangs up.`);
}

function menuKeys(module: { next: Record<string, string | undefined> }): string[] {
  return Object.keys(module.next).filter((branch) => branch !== "invalid" && branch !== "timeout");
}

function visitMenu(call: Call, key: string, module: TPressExtensionModule): Transition {
  const sound = module.sound ? call.name("sounds", module.sound) : null;
  const choice = call.take();
  const keys = menuKeys(module as { next: Record<string, string> });
  if (choice === undefined) return { pending: { kind: "prompt", moduleKey: key, keys, dialable: [] } };
  const next = module.next as Record<string, string | undefined>;
  const wait = effectiveIvrWaitDuration(module);
  const sounds = call.sounds(module.sound);
  const prompt = call.listening(sounds);
  const base = { hears: sound ? [sound] : [], sounds, choice: describeChoice(choice), seconds: prompt };
  if (choice === "timeout" || !("press" in choice)) {
    call.step(key, "pressextension", `The menu waits ${wait} s and nothing is pressed.`, { ...base, seconds: prompt + wait });
    return routeOrHangup(next.timeout, "Nothing was pressed and the menu has no timeout route: the call hangs up.");
  }
  const pressed = choice.press;
  const valid = (IVR_BRANCH_KEYS as readonly string[]).includes(pressed) && pressed !== "invalid" && pressed !== "timeout";
  const route = valid ? next[pressed] : undefined;
  call.step(key, "pressextension", `The caller presses ${pressed}${route === undefined ? ", which the menu does not offer" : ""}.`, base);
  if (route !== undefined) return { next: route };
  return routeOrHangup(next.invalid, `${pressed} is not on the menu and the menu has no invalid-input route: the call hangs up.`);
}

function visitDialByExtension(call: Call, key: string, module: TDialByExtensionModule): Transition {
  const sound = module.sound ? call.name("sounds", module.sound) : null;
  const dialable = [...call.resources.sipUsers.values()]
    .map((user) => ({ extension: user.extension, name: user.name }))
    .sort((a, b) => a.extension - b.extension);
  const choice = call.take();
  if (choice === undefined) return { pending: { kind: "prompt", moduleKey: key, keys: [], dialable } };
  const next = module.next as Record<string, string | undefined>;
  const sounds = call.sounds(module.sound);
  const prompt = call.listening(sounds);
  const base = { hears: sound ? [sound] : [], sounds, choice: describeChoice(choice), seconds: prompt };
  if (choice === "timeout" || !("dial" in choice)) {
    const wait = effectiveDialWaitDuration(module);
    call.step(key, "dialbyextension", `The caller is asked for an extension and dials nothing for ${wait} s.`, { ...base, seconds: prompt + wait });
    return routeOrHangup(next.timeout, "Nothing was dialled and the module has no timeout route: the call hangs up.");
  }
  const user = [...call.resources.sipUsers.values()].find((candidate) => candidate.extension === choice.dial);
  if (!user) {
    call.step(key, "dialbyextension", `The caller dials ${choice.dial}, which is no SIP user's extension.`, base);
    return routeOrHangup(next.invalid, `${choice.dial} is not an extension and the module has no invalid-input route: the call hangs up.`);
  }
  call.step(key, "dialbyextension", `The caller dials ${choice.dial} (${user.name}).`, base);
  const holdMusic = call.soundOrPlaylist(module.ringtone);
  const rang = ring(
    call,
    key,
    "dialbyextension",
    [`${user.name} (ext ${user.extension})`],
    effectiveDialRingDuration(module),
    [holdMusic],
    call.sounds(module.ringtone),
  );
  if ("pending" in rang) return { pending: rang.pending };
  if (rang.outcome === "answered") return { ending: { kind: "answered", description: `Answered by ${user.name} (ext ${user.extension}).` } };
  if (module.noanswer === SIPUSER_VOICEMAIL) {
    return user.hasMailbox
      ? { ending: { kind: "voicemail", description: `Voicemail: a message is left in ${user.name}'s personal mailbox.` } }
      : hangup(`${user.name} has no personal mailbox: the call hangs up.`);
  }
  return routeOrHangup(module.noanswer, "Nobody answered and the module has no no-answer route: the call hangs up.");
}

export interface EndingRoute {
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

export const MAX_LISTED_ENDINGS = 100;
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
    if (step.module === "calleridmatch" && scenario.callerIdMatches?.[step.moduleKey] === undefined && flow[step.moduleKey]) {
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
  const module = flow[pending.moduleKey] as unknown as { module: unknown; next: Record<string, string | undefined> };
  if (moduleTypeOf(module.module) === "dialbyextension") {
    const someone = pending.dialable.map((user): ScenarioChoice => ({ dial: user.extension }));
    const nobody = unusedExtension(pending.dialable.map((user) => user.extension));
    return [...someone, { dial: nobody }, "timeout"];
  }
  const offered = pending.keys.map((key): ScenarioChoice => ({ press: key }));
  const invalidKey = IVR_BRANCH_KEYS.find((key) => key !== "invalid" && key !== "timeout" && module.next[key] === undefined);
  return [...offered, ...(invalidKey ? [{ press: invalidKey }] : []), "timeout"];
}

function unusedExtension(used: number[]): number {
  let candidate = 9999;
  while (used.includes(candidate)) candidate--;
  return candidate;
}

function describeRoute(result: SimulationResult): string[] {
  // Keys are usually UUIDs: their first 8 characters tell modules apart and stay readable.
  return result.steps.filter((step) => step.choice !== null).map((step) => `${step.module} ${step.moduleKey.slice(0, 8)}: ${step.choice}`);
}
