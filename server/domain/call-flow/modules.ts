import { z } from "zod";
import { callerIdPatternIssue } from "./caller-id";

/**
 * Schemas for the provider's call-flow modules, field for field as its API documents them.
 *
 * They only check, never transform: no defaults, no coercion, no trimming, so what passes is
 * stored and returned exactly as sent. Objects are strict because an unknown field is almost
 * always a typo (`nomach`) that would otherwise silently drop a route. Messages are phrased to
 * follow the field's name ("must be ..."), which is how forms display them beside the field.
 */

/** The module types, spelled as the `module` field carries them. */
export const MODULE_TYPES = [
  "start",
  "recording",
  "musiconhold",
  "calleridmatch",
  "play",
  "extension",
  "pressextension",
  "dialbyextension",
  "busy",
  "voicemail",
  "conference",
  "Trunk",
  "fax",
] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

/** The provider documents `Trunk`; `trunk` is accepted as well and kept as sent. */
const TRUNK_SPELLINGS = ["Trunk", "trunk"] as const;

const MODULE_TYPE_BY_SPELLING: ReadonlyMap<unknown, ModuleType> = new Map<unknown, ModuleType>([
  ...MODULE_TYPES.map((type) => [type, type] as const),
  ["trunk", "Trunk"],
]);

/** The module type named by a `module` field value, or undefined for anything else. */
export function moduleTypeOf(moduleField: unknown): ModuleType | undefined {
  return MODULE_TYPE_BY_SPELLING.get(moduleField);
}

/** Modules after which the call ends: they have no outgoing route. */
export const TERMINATING_MODULE_TYPES: ReadonlySet<ModuleType> = new Set<ModuleType>([
  "busy",
  "voicemail",
  "conference",
  "Trunk",
  "fax",
]);

/** The `noanswer` value of a dialbyextension module that sends the caller to the dialled
 * user's own mailbox instead of a module. */
export const SIPUSER_VOICEMAIL = "sipuser_voicemail";

export const MODULE_KEY_MAX_LENGTH = 64;
export const MAX_CALLER_ID_PATTERNS = 50;
/** Caller-ID patterns are short prefixes and suffixes; the bound also keeps the safety
 * analysis cheap. */
export const MAX_CALLER_ID_PATTERN_LENGTH = 100;
export const MAX_EXTENSION_TARGETS = 50;
export const MAX_VOICEMAIL_MAILBOXES = 50;

/** Where a menu sends a caller whose input leads nowhere, or who gives none. */
export const MENU_FALLBACK_BRANCHES = ["invalid", "timeout"] as const;
/** Keys a caller can press in a pressextension (IVR) menu, plus its fallback routes. */
export const IVR_BRANCH_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", ...MENU_FALLBACK_BRANCHES] as const;
/** A dialbyextension menu routes the dialled number itself; only its fallbacks are modules. */
export const DIAL_BY_EXTENSION_BRANCH_KEYS = MENU_FALLBACK_BRANCHES;

export const DEFAULT_RING_DURATION_SECONDS = 30;
export const DEFAULT_IVR_WAIT_SECONDS = 10;
export const DEFAULT_BUSY_TONE_SECONDS = 3;
export const DEFAULT_DIAL_WAIT_SECONDS = 10;
export const DEFAULT_DIAL_RING_SECONDS = 30;

export interface NumberFieldRange {
  readonly module: ModuleType;
  readonly field: string;
  readonly min: number;
  readonly max: number;
  readonly defaultValue: number;
  readonly unit: "seconds";
  readonly description: string;
}

/**
 * Every number a module can carry: whole seconds within these bounds. Ringing needs at least
 * 5 s to be answerable, and beyond 5 minutes callers have hung up long before the `noanswer`
 * route could run. A menu waits at least 1 s for a key, and more than a minute of silence
 * loses the caller. (The call flow's own `extension` number is bounded per account: see
 * `DEFAULT_EXTENSION_RANGE`.) Also meant for docs and form hints.
 */
export const NUMBER_FIELD_RANGES = {
  ringDuration: {
    module: "extension",
    field: "duration",
    min: 5,
    max: 300,
    defaultValue: DEFAULT_RING_DURATION_SECONDS,
    unit: "seconds",
    description: "How long the extensions ring before the call follows noanswer",
  },
  ivrWait: {
    module: "pressextension",
    field: "duration",
    min: 1,
    max: 60,
    defaultValue: DEFAULT_IVR_WAIT_SECONDS,
    unit: "seconds",
    description: "How long the menu waits for a key before following timeout",
  },
  busyTone: {
    module: "busy",
    field: "duration",
    min: 1,
    max: 60,
    defaultValue: DEFAULT_BUSY_TONE_SECONDS,
    unit: "seconds",
    description: "How long the busy tone plays before hanging up",
  },
  dialWait: {
    module: "dialbyextension",
    field: "wait_duration",
    min: 1,
    max: 60,
    defaultValue: DEFAULT_DIAL_WAIT_SECONDS,
    unit: "seconds",
    description: "How long the menu waits for an extension number before following timeout",
  },
  dialRing: {
    module: "dialbyextension",
    field: "dial_duration",
    min: 5,
    max: 300,
    defaultValue: DEFAULT_DIAL_RING_SECONDS,
    unit: "seconds",
    description: "How long the dialled extension rings before the call follows noanswer",
  },
} as const satisfies Record<string, NumberFieldRange>;

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** E.164: a plus sign and 8 to 15 digits; country codes never start with 0. */
const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;
const CONFERENCE_PIN_PATTERN = /^[0-9]{4}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** Whether a value has the shape of a module key, so that it is worth looking up. */
export function isModuleKeyText(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= MODULE_KEY_MAX_LENGTH;
}

/** Why a string cannot be a module key, as a full sentence, or null when it can. */
export function moduleKeyProblem(key: string): string | null {
  if (!isModuleKeyText(key)) return `A module key must be 1 to ${MODULE_KEY_MAX_LENGTH} characters long`;
  if (key === SIPUSER_VOICEMAIL) {
    return `The module key "${SIPUSER_VOICEMAIL}" is reserved: a dialbyextension "noanswer" uses it for the dialled user's voicemail`;
  }
  // JavaScript objects treat this key as their prototype, so it cannot round-trip.
  if (key === "__proto__") return 'The module key "__proto__" is not allowed';
  return null;
}

/** Zod error map giving one message for every way a field can be wrong, and saying so when
 * a required field is missing. Unknown fields keep zod's message naming the key. */
export function expecting(requirement: string) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code === "unrecognized_keys") return undefined;
    return issue.input === undefined ? `is required and ${requirement}` : requirement;
  };
}

function moduleReference(alternative = "") {
  const error = expecting(
    `must be the key of a module in this flow (1 to ${MODULE_KEY_MAX_LENGTH} characters)${alternative}`,
  );
  return z.string({ error }).min(1, { error }).max(MODULE_KEY_MAX_LENGTH, { error });
}

function matching(pattern: RegExp, requirement: string) {
  const error = expecting(requirement);
  return z.string({ error }).regex(pattern, { error });
}

function resourceUuid(resource: string) {
  return matching(UUID_PATTERN, `must be the UUID of ${resource}`);
}

function optionalSeconds(range: NumberFieldRange) {
  const error = expecting(`must be a whole number of seconds from ${range.min} to ${range.max}`);
  return z.int({ error }).min(range.min, { error }).max(range.max, { error }).optional();
}

function list<T extends z.ZodType>(item: T, max: number, items: string) {
  const error = expecting(`must be a list of 1 to ${max} ${items}`);
  return z.array(item, { error }).min(1, { error }).max(max, { error });
}

function branches<const K extends string>(keys: readonly K[], description: string) {
  const shape = {} as Record<K, z.ZodOptional<ReturnType<typeof moduleReference>>>;
  for (const key of keys) shape[key] = moduleReference().optional();
  return z.strictObject(shape, { error: expecting(`must be an object mapping ${description} to module keys`) });
}

const callerIdPattern = (() => {
  const error = expecting(`must be a regular expression of 1 to ${MAX_CALLER_ID_PATTERN_LENGTH} characters`);
  return z
    .string({ error })
    .min(1, { error })
    .max(MAX_CALLER_ID_PATTERN_LENGTH, { error, abort: true })
    .superRefine((pattern, context) => {
      const problem = callerIdPatternIssue(pattern);
      if (problem !== null) context.addIssue({ code: "custom", message: problem.message, input: pattern, params: problem });
    });
})();

export const ZModuleKey = z.string().superRefine((key, context) => {
  const problem = moduleKeyProblem(key);
  if (problem !== null) context.addIssue({ code: "custom", message: problem, input: key });
});

export const ZStartModule = z.strictObject({
  module: z.literal("start"),
  next: moduleReference(),
});
export type TStartModule = z.infer<typeof ZStartModule>;

export const ZRecordingModule = z.strictObject({
  module: z.literal("recording"),
  next: moduleReference(),
});
export type TRecordingModule = z.infer<typeof ZRecordingModule>;

export const ZMusicOnHoldModule = z.strictObject({
  class: resourceUuid("a playlist"),
  module: z.literal("musiconhold"),
  next: moduleReference(),
});
export type TMusicOnHoldModule = z.infer<typeof ZMusicOnHoldModule>;

export const ZCallerIdMatchModule = z.strictObject({
  match: moduleReference(),
  module: z.literal("calleridmatch"),
  nomatch: moduleReference(),
  patterns: list(callerIdPattern, MAX_CALLER_ID_PATTERNS, "regular expressions"),
});
export type TCallerIdMatchModule = z.infer<typeof ZCallerIdMatchModule>;

export const ZPlayModule = z.strictObject({
  module: z.literal("play"),
  next: moduleReference(),
  sound: resourceUuid("a sound"),
});
export type TPlayModule = z.infer<typeof ZPlayModule>;

export const ZSipUserTarget = z.strictObject({
  type: z.literal("sipuser"),
  uuid: resourceUuid("a SIP user"),
});
export const ZHuntGroupTarget = z.strictObject({
  type: z.literal("huntgroup"),
  uuid: resourceUuid("a hunt group"),
});
export const ZForwardTarget = z.strictObject({
  number: matching(E164_PATTERN, "must be a number in E.164 format: + and 8 to 15 digits, not starting with 0"),
  type: z.literal("forward"),
});
export const ZExtensionTarget = z.discriminatedUnion("type", [ZSipUserTarget, ZHuntGroupTarget, ZForwardTarget], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? 'must be "sipuser", "huntgroup" or "forward"'
      : 'must be an object whose "type" is "sipuser", "huntgroup" or "forward"',
});
export type TExtensionTarget = z.infer<typeof ZExtensionTarget>;
export type ExtensionTargetType = TExtensionTarget["type"];

export const ZExtensionModule = z.strictObject({
  announcement: resourceUuid("a sound").optional(),
  duration: optionalSeconds(NUMBER_FIELD_RANGES.ringDuration),
  extensions: list(ZExtensionTarget, MAX_EXTENSION_TARGETS, "SIP users, hunt groups or forward numbers"),
  module: z.literal("extension"),
  noanswer: moduleReference().optional(),
  ringtone: resourceUuid("a sound or playlist").optional(),
});
export type TExtensionModule = z.infer<typeof ZExtensionModule>;

export const ZPressExtensionModule = z.strictObject({
  duration: optionalSeconds(NUMBER_FIELD_RANGES.ivrWait),
  module: z.literal("pressextension"),
  next: branches(IVR_BRANCH_KEYS, 'the keys 0-9, *, #, "invalid" and "timeout"'),
  sound: resourceUuid("a sound").optional(),
});
export type TPressExtensionModule = z.infer<typeof ZPressExtensionModule>;

export const ZDialByExtensionModule = z.strictObject({
  dial_duration: optionalSeconds(NUMBER_FIELD_RANGES.dialRing),
  module: z.literal("dialbyextension"),
  next: branches(DIAL_BY_EXTENSION_BRANCH_KEYS, '"invalid" and "timeout"'),
  noanswer: moduleReference(`, or "${SIPUSER_VOICEMAIL}" for the dialled user's voicemail`),
  ringtone: resourceUuid("a sound or playlist"),
  sound: resourceUuid("a sound").optional(),
  wait_duration: optionalSeconds(NUMBER_FIELD_RANGES.dialWait),
});
export type TDialByExtensionModule = z.infer<typeof ZDialByExtensionModule>;

export const ZBusyModule = z.strictObject({
  duration: optionalSeconds(NUMBER_FIELD_RANGES.busyTone),
  module: z.literal("busy"),
});
export type TBusyModule = z.infer<typeof ZBusyModule>;

export const ZVoicemailModule = z.strictObject({
  mailboxes: list(resourceUuid("a mailbox"), MAX_VOICEMAIL_MAILBOXES, "mailbox UUIDs"),
  module: z.literal("voicemail"),
});
export type TVoicemailModule = z.infer<typeof ZVoicemailModule>;

export const ZConferenceModule = z.strictObject({
  announcement: resourceUuid("a sound").optional(),
  module: z.literal("conference"),
  music: resourceUuid("a playlist").optional(),
  pin: matching(CONFERENCE_PIN_PATTERN, "must be a string of exactly 4 digits").optional(),
});
export type TConferenceModule = z.infer<typeof ZConferenceModule>;

export const ZTrunkModule = z.strictObject({
  module: z.literal(TRUNK_SPELLINGS),
  uuid: resourceUuid("a trunk"),
});
export type TTrunkModule = z.infer<typeof ZTrunkModule>;

export const ZFaxModule = z.strictObject({
  module: z.literal("fax"),
});
export type TFaxModule = z.infer<typeof ZFaxModule>;

/** The schema for each module type; the one table the validator dispatches on. */
export const MODULE_SCHEMAS = {
  start: ZStartModule,
  recording: ZRecordingModule,
  musiconhold: ZMusicOnHoldModule,
  calleridmatch: ZCallerIdMatchModule,
  play: ZPlayModule,
  extension: ZExtensionModule,
  pressextension: ZPressExtensionModule,
  dialbyextension: ZDialByExtensionModule,
  busy: ZBusyModule,
  voicemail: ZVoicemailModule,
  conference: ZConferenceModule,
  Trunk: ZTrunkModule,
  fax: ZFaxModule,
} as const satisfies Record<ModuleType, z.ZodObject>;

export const ZFlowModule = z.discriminatedUnion("module", Object.values(MODULE_SCHEMAS) as [
  (typeof MODULE_SCHEMAS)[ModuleType],
  ...(typeof MODULE_SCHEMAS)[ModuleType][],
], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `must be one of ${[...MODULE_TYPES, "trunk"].join(", ")}`
      : 'must be an object with a "module" field',
});
export type TFlowModule = z.infer<typeof ZFlowModule>;

/**
 * The flow map: module key to module. Structure only; the rules that span modules (one start,
 * references that resolve, no endless loops...) and the size limits live in `validateCallFlow`.
 */
export const ZFlowMap = z.record(ZModuleKey, ZFlowModule, {
  error: expecting("must be an object mapping module keys to modules"),
});
export type TFlowMap = z.infer<typeof ZFlowMap>;

export function effectiveRingDuration(module: Pick<TExtensionModule, "duration">): number {
  return module.duration ?? DEFAULT_RING_DURATION_SECONDS;
}

export function effectiveIvrWaitDuration(module: Pick<TPressExtensionModule, "duration">): number {
  return module.duration ?? DEFAULT_IVR_WAIT_SECONDS;
}

export function effectiveBusyToneDuration(module: Pick<TBusyModule, "duration">): number {
  return module.duration ?? DEFAULT_BUSY_TONE_SECONDS;
}

export function effectiveDialWaitDuration(module: Pick<TDialByExtensionModule, "wait_duration">): number {
  return module.wait_duration ?? DEFAULT_DIAL_WAIT_SECONDS;
}

export function effectiveDialRingDuration(module: Pick<TDialByExtensionModule, "dial_duration">): number {
  return module.dial_duration ?? DEFAULT_DIAL_RING_SECONDS;
}
