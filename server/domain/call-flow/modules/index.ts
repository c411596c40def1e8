import { z } from "zod";
import { BUSY_TONE, busy } from "./busy";
import { calleridmatch } from "./calleridmatch";
import { conference } from "./conference";
import type { ModuleTypeDefinition } from "./define";
import { dialbyextension, DIAL_RING, DIAL_WAIT } from "./dialbyextension";
import { extension, RING_DURATION } from "./extension";
import { fax } from "./fax";
import { expecting, type NumberFieldRange, ZModuleKey } from "./fields";
import { musiconhold } from "./musiconhold";
import { play } from "./play";
import { IVR_WAIT, pressextension } from "./pressextension";
import { recording } from "./recording";
import { start } from "./start";
import { trunk } from "./trunk";
import { voicemail } from "./voicemail";

/**
 * The module-type registry: every module type the provider's call flows know, each defined in
 * its own file of this folder (see `define.ts` for what an entry holds). The rest of the code
 * reads module types from here.
 */

/** In the order the provider documents them, which is also the order the editor offers them. */
const DEFINITIONS = [
  start,
  recording,
  musiconhold,
  calleridmatch,
  play,
  extension,
  pressextension,
  dialbyextension,
  busy,
  voicemail,
  conference,
  trunk,
  fax,
] as const;

type Definition = (typeof DEFINITIONS)[number];

/** The module types, spelled as the `module` field carries them. */
export type ModuleType = Definition["type"];
type TypesOf<D extends readonly { type: string }[]> = { readonly [I in keyof D]: D[I]["type"] };
export const MODULE_TYPES = DEFINITIONS.map((definition) => definition.type) as unknown as TypesOf<typeof DEFINITIONS>;

/** Each module type's entry, with its own schema's types. */
export const MODULE_REGISTRY = Object.fromEntries(DEFINITIONS.map((definition) => [definition.type, definition])) as {
  readonly [D in Definition as D["type"]]: D;
};

/** An entry as code that handles every module type alike sees it: fields as plain records. */
export type AnyModuleTypeDefinition = ModuleTypeDefinition<ModuleType, z.ZodObject>;

export function moduleTypeDefinition(type: ModuleType): AnyModuleTypeDefinition {
  return MODULE_REGISTRY[type] as unknown as AnyModuleTypeDefinition;
}

const MODULE_TYPE_BY_SPELLING: ReadonlyMap<unknown, ModuleType> = new Map<unknown, ModuleType>(
  DEFINITIONS.flatMap((definition: ModuleTypeDefinition<ModuleType>) =>
    [definition.type, ...(definition.aliases ?? [])].map((spelling) => [spelling, definition.type] as const),
  ),
);

/** The module type named by a `module` field value, or undefined for anything else. */
export function moduleTypeOf(moduleField: unknown): ModuleType | undefined {
  return MODULE_TYPE_BY_SPELLING.get(moduleField);
}

/** Every value the `module` field accepts: the types, then the other spellings. */
export const MODULE_FIELD_VALUES: readonly string[] = [
  ...MODULE_TYPES,
  ...DEFINITIONS.flatMap((definition: ModuleTypeDefinition<ModuleType>) => definition.aliases ?? []),
];

/** Modules after which the call ends: they have no outgoing route. */
export const TERMINATING_MODULE_TYPES: ReadonlySet<ModuleType> = new Set<ModuleType>(
  DEFINITIONS.filter((definition: ModuleTypeDefinition<ModuleType>) => definition.routes.length === 0 && !definition.menu).map(
    (definition) => definition.type,
  ),
);

/** The schema for each module type; the one table the validator dispatches on. */
export const MODULE_SCHEMAS = Object.fromEntries(DEFINITIONS.map((definition) => [definition.type, definition.schema])) as {
  readonly [D in Definition as D["type"]]: D["schema"];
};

export const ZFlowModule = z.discriminatedUnion(
  "module",
  DEFINITIONS.map((definition) => definition.schema) as unknown as [Definition["schema"], ...Definition["schema"][]],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `must be one of ${MODULE_FIELD_VALUES.join(", ")}`
        : 'must be an object with a "module" field',
  },
);
export type TFlowModule = z.infer<typeof ZFlowModule>;

/**
 * The flow map: module key to module. Structure only; the rules that span modules (one start,
 * references that resolve, no endless loops...) and the size limits live in `validateCallFlow`.
 */
export const ZFlowMap = z.record(ZModuleKey, ZFlowModule, {
  error: expecting("must be an object mapping module keys to modules"),
});
export type TFlowMap = z.infer<typeof ZFlowMap>;

/**
 * Every number a module can carry: whole seconds within these bounds (each module type's file
 * says why). The call flow's own `extension` number is bounded per account: see
 * `DEFAULT_EXTENSION_RANGE`. Also meant for docs and form hints.
 */
export const NUMBER_FIELD_RANGES = {
  ringDuration: RING_DURATION,
  ivrWait: IVR_WAIT,
  busyTone: BUSY_TONE,
  dialWait: DIAL_WAIT,
  dialRing: DIAL_RING,
} as const satisfies Record<string, NumberFieldRange>;

export type { FieldText, ModuleFieldName, ModuleTypeDefinition, ResourceField } from "./define";
export {
  expecting,
  isModuleKeyText,
  isUuid,
  MENU_FALLBACK_BRANCHES,
  MODULE_KEY_MAX_LENGTH,
  moduleKeyProblem,
  type NumberFieldRange,
  SIPUSER_VOICEMAIL,
  ZModuleKey,
} from "./fields";
export { DEFAULT_BUSY_TONE_SECONDS, effectiveBusyToneDuration, type TBusyModule, ZBusyModule } from "./busy";
export {
  MAX_CALLER_ID_PATTERN_LENGTH,
  MAX_CALLER_ID_PATTERNS,
  type TCallerIdMatchModule,
  ZCallerIdMatchModule,
} from "./calleridmatch";
export { type TConferenceModule, ZConferenceModule } from "./conference";
export {
  DEFAULT_DIAL_RING_SECONDS,
  DEFAULT_DIAL_WAIT_SECONDS,
  DIAL_BY_EXTENSION_BRANCH_KEYS,
  effectiveDialRingDuration,
  effectiveDialWaitDuration,
  type TDialByExtensionModule,
  ZDialByExtensionModule,
} from "./dialbyextension";
export {
  DEFAULT_RING_DURATION_SECONDS,
  effectiveRingDuration,
  type ExtensionTargetType,
  MAX_EXTENSION_TARGETS,
  type TExtensionModule,
  type TExtensionTarget,
  ZExtensionModule,
  ZExtensionTarget,
  ZForwardTarget,
  ZHuntGroupTarget,
  ZSipUserTarget,
} from "./extension";
export { type TFaxModule, ZFaxModule } from "./fax";
export { type TMusicOnHoldModule, ZMusicOnHoldModule } from "./musiconhold";
export { type TPlayModule, ZPlayModule } from "./play";
export {
  DEFAULT_IVR_WAIT_SECONDS,
  effectiveIvrWaitDuration,
  IVR_BRANCH_KEYS,
  type TPressExtensionModule,
  ZPressExtensionModule,
} from "./pressextension";
export { type TRecordingModule, ZRecordingModule } from "./recording";
export { type TStartModule, ZStartModule } from "./start";
export { type TTrunkModule, ZTrunkModule } from "./trunk";
export { MAX_VOICEMAIL_MAILBOXES, type TVoicemailModule, ZVoicemailModule } from "./voicemail";
