import { z } from "zod";
import type { ResourceKind, ResourceReference } from "../references";
import { ring, routeOrHangup } from "../simulated-call";
import { defineModuleType, secondsFieldText } from "./define";
import { list, matching, moduleReference, type NumberFieldRange, optionalSeconds, resourceUuid } from "./fields";

export const MAX_EXTENSION_TARGETS = 50;
export const DEFAULT_RING_DURATION_SECONDS = 30;

/** Ringing needs at least 5 s to be answerable, and beyond 5 minutes callers have hung up long
 * before the `noanswer` route could run. */
export const RING_DURATION = {
  module: "extension",
  field: "duration",
  min: 5,
  max: 300,
  defaultValue: DEFAULT_RING_DURATION_SECONDS,
  unit: "seconds",
  description: "How long the extensions ring before the call follows noanswer",
} as const satisfies NumberFieldRange;

/** E.164: a plus sign and 8 to 15 digits; country codes never start with 0. */
const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;

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
  duration: optionalSeconds(RING_DURATION),
  extensions: list(ZExtensionTarget, MAX_EXTENSION_TARGETS, "SIP users, hunt groups or forward numbers"),
  module: z.literal("extension"),
  noanswer: moduleReference().optional(),
  ringtone: resourceUuid("a sound or playlist").optional(),
});
export type TExtensionModule = z.infer<typeof ZExtensionModule>;

export function effectiveRingDuration(module: Pick<TExtensionModule, "duration">): number {
  return module.duration ?? DEFAULT_RING_DURATION_SECONDS;
}

const TARGET_KINDS: ReadonlyMap<unknown, readonly ResourceKind[]> = new Map([
  ["sipuser", ["sipUsers"]],
  ["huntgroup", ["huntGroups"]],
]);

/** The SIP users and hunt groups the module rings. */
function targetReferences(module: Readonly<Record<string, unknown>>): ResourceReference[] {
  if (!Array.isArray(module.extensions)) return [];
  return module.extensions.flatMap((target: unknown, index): ResourceReference[] => {
    if (typeof target !== "object" || target === null || Array.isArray(target)) return [];
    const { type, uuid } = target as Record<string, unknown>;
    const kinds = TARGET_KINDS.get(type);
    return kinds !== undefined && typeof uuid === "string" ? [{ field: ["extensions", index, "uuid"], uuid, kinds }] : [];
  });
}

const TARGET_FIELDS: ReadonlyMap<unknown, readonly string[]> = new Map([
  ["sipuser", Object.keys(ZSipUserTarget.shape)],
  ["huntgroup", Object.keys(ZHuntGroupTarget.shape)],
  ["forward", Object.keys(ZForwardTarget.shape)],
]);

/** The target at `["extensions", i]`, named by its type. */
function targetAt(module: Readonly<Record<string, unknown>>, path: readonly (string | number)[]) {
  if (path.length !== 2 || path[0] !== "extensions" || !Array.isArray(module.extensions)) return undefined;
  const target: unknown = module.extensions[Number(path[1])];
  const type = typeof target === "object" && target !== null ? (target as Record<string, unknown>).type : undefined;
  const fields = TARGET_FIELDS.get(type);
  return fields === undefined ? undefined : { owner: `a ${String(type)} target`, fields };
}

export const extension = defineModuleType({
  type: "extension",
  schema: ZExtensionModule,
  routes: ["noanswer"],
  waitsForCaller: true,
  expectedField: {
    field: "noanswer",
    code: "extension.no-noanswer",
    message: 'The extension module has no "noanswer" route: if nobody answers, the caller has nowhere to go',
  },
  resources: [
    ["announcement", ["sounds"]],
    ["ringtone", ["sounds", "playlists"]],
  ],
  nestedResources: targetReferences,
  nestedObject: targetAt,
  label: "Ring",
  help: "Rings SIP users, hunt groups or forward numbers.",
  apiDetails: `\`noanswer\` is followed when nobody answers (ring \`duration\` defaults to ${DEFAULT_RING_DURATION_SECONDS} s).`,
  apiSchemaName: "ExtensionModule",
  fieldTexts: {
    extensions: {
      label: "Ring these",
      todo: `Add between 1 and ${MAX_EXTENSION_TARGETS} people, hunt groups or numbers to ring`,
    },
    duration: secondsFieldText(RING_DURATION),
    ringtone: { label: "Ringtone (sound or playlist)", todo: "Choose a sound or playlist, or none" },
    announcement: { label: "Call whisper (sound)", todo: "Choose a sound, or none" },
    noanswer: { label: "When nobody answers, go to", todo: "Choose where the call goes when nobody answers" },
  },
  newModule: { module: "extension", extensions: [{ type: "sipuser", uuid: "" }] },
  summary: (module, name) =>
    Array.isArray(module.extensions)
      ? module.extensions
          .map((target: { uuid?: string; number?: string }) => target.number ?? name(target.uuid))
          .filter(Boolean)
          .join(", ")
      : "",
  simulate: (call, key, module) => {
    const targets = module.extensions.map((target) => call.target(target));
    const hears = module.ringtone ? [call.soundOrPlaylist(module.ringtone)] : [];
    const rang = ring(call, key, "extension", targets, effectiveRingDuration(module), hears, call.sounds(module.ringtone));
    if ("pending" in rang) return { pending: rang.pending };
    if (rang.outcome === "answered") {
      const whisper = module.announcement ? ` (the callee first hears ${call.name("sounds", module.announcement)})` : "";
      const who = targets.length === 1 ? targets[0] : `one of ${targets.join(", ")}`;
      return { ending: { kind: "answered", description: `Answered by ${who}${whisper}.` } };
    }
    return routeOrHangup(module.noanswer, "Nobody answered and the module has no no-answer route: the call hangs up.");
  },
});
