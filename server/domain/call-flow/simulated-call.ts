import type { ModuleType, TExtensionModule, TFlowMap } from "./modules";

/**
 * A call followed through a flow without placing one. Pure: the caller supplies the flow, the
 * account's resources (for names) and a scenario; the result says step by step what the caller
 * hears, who rings and for how long, and how the call ends.
 *
 * Time counts what the caller sits through: the sounds played to them (their real length; a
 * sound without audio counts 0 s), a menu that times out, a ring that goes unanswered, the busy
 * tone. A key is pressed once its prompt has played; an answered or busy ring counts 0 s (it
 * ends when the callee answers or refuses).
 *
 * This file holds the call as the module types' simulator steps see it, and the pieces those
 * steps share (ringing, routing or hanging up).
 */

export const RING_OUTCOMES = ["answered", "noanswer", "busy"] as const;
export type RingOutcome = (typeof RING_OUTCOMES)[number];

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

export const ENDING_KINDS = ["answered", "voicemail", "conference", "trunk", "busy", "fax", "hangup", "cut"] as const;
export type EndingKind = (typeof ENDING_KINDS)[number];

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

export function describeChoice(choice: ScenarioChoice): string {
  if (choice === "timeout") return "nothing pressed (timeout)";
  if ("press" in choice) return `pressed ${choice.press}`;
  if ("dial" in choice) return `dialled ${choice.dial}`;
  return RING_LABEL[choice.ring];
}

export class Call {
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
    const step: SimulationStep = {
      moduleKey,
      module,
      description,
      hears: [],
      sounds: [],
      rings: null,
      choice: null,
      seconds: 0,
      ...extra,
    };
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
    return found
      ? `${found.name} (ext ${found.extension})`
      : `unknown ${target.type === "sipuser" ? "SIP user" : "hunt group"} ${target.uuid}`;
  }

  result(ending: CallEnding | null, pending: PendingDecision | null = null): SimulationResult {
    return { steps: this.steps, ending, pending, totalSeconds: this.totalMs / 1000 };
  }
}

/** What a module does with the call: pass it on, end it, or wait for a decision. */
export type Transition = { next: string } | { ending: CallEnding } | { pending: PendingDecision };

export function hangup(description: string): { ending: CallEnding } {
  return { ending: { kind: "hangup", description } };
}

export function routeOrHangup(route: string | undefined, missing: string): Transition {
  return route === undefined ? hangup(missing) : { next: route };
}

/** Rings targets; the scenario says how the ring ends. */
export function ring(
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
  call.step(
    key,
    type,
    `${targets.join(", ")} ring${targets.length === 1 ? "s" : ""} for up to ${seconds} s: ${RING_LABEL[outcome]}.`,
    {
      rings: { targets, seconds },
      hears,
      sounds,
      choice: describeChoice({ ring: outcome }),
      seconds: waited,
    },
  );
  return { outcome };
}
