import { type ModuleType, SIPUSER_VOICEMAIL, isModuleKeyText, isUuid, moduleTypeOf } from "./modules";

/**
 * Where each module type points to other modules and to the account's resources. The
 * validator, the loop and reachability rules and the database layer all read references
 * through these two functions, so a field added to a module is added here once.
 *
 * Both work on unvalidated objects, so a module with an unrelated mistake still has its
 * references checked; values of the wrong type are left to the schema's message.
 */

export type ModuleFields = Readonly<Record<string, unknown>>;
export type FieldPath = readonly (string | number)[];

export interface ModuleReference {
  /** The field holding the reference, relative to the module, e.g. `["next", "1"]`. */
  readonly field: FieldPath;
  readonly target: string;
}

const ROUTE_FIELDS: Readonly<Record<ModuleType, readonly string[]>> = {
  start: ["next"],
  recording: ["next"],
  musiconhold: ["next"],
  calleridmatch: ["match", "nomatch"],
  play: ["next"],
  extension: ["noanswer"],
  pressextension: [],
  dialbyextension: ["noanswer"],
  busy: [],
  voicemail: [],
  conference: [],
  Trunk: [],
  fax: [],
};

/** Menus keep their routes in a `next` object keyed by what the caller pressed. */
const MENU_TYPES: ReadonlySet<ModuleType> = new Set<ModuleType>(["pressextension", "dialbyextension"]);

/** The fields of a module type that route to another module, menus' `next` objects aside. */
export function routeFieldsOf(type: ModuleType): readonly string[] {
  return ROUTE_FIELDS[type];
}

/** Every field name that routes to another module, in any module type. */
export const ROUTE_FIELD_NAMES: ReadonlySet<string> = new Set(["next", ...Object.values(ROUTE_FIELDS).flat()]);

/** The routes from a module to other modules of its flow. */
export function moduleReferences(type: ModuleType, module: ModuleFields): ModuleReference[] {
  const references: ModuleReference[] = [];
  for (const field of ROUTE_FIELDS[type]) {
    const target = module[field];
    if (!isModuleKeyText(target)) continue;
    if (type === "dialbyextension" && field === "noanswer" && target === SIPUSER_VOICEMAIL) continue;
    references.push({ field: [field], target });
  }
  const menu = MENU_TYPES.has(type) ? module.next : undefined;
  if (isObject(menu)) {
    for (const [branch, target] of Object.entries(menu)) {
      if (isModuleKeyText(target)) references.push({ field: ["next", branch], target });
    }
  }
  return references;
}

export const RESOURCE_KINDS = ["sipUsers", "huntGroups", "sounds", "playlists", "mailboxes", "trunks"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The account's resources by kind, as UUID sets. */
export type AccountResources = { readonly [K in ResourceKind]: ReadonlySet<string> };

export interface ResourceReference {
  readonly field: FieldPath;
  /** The text found where a UUID belongs; callers decide what to do with malformed ones. */
  readonly uuid: string;
  /** The kinds the UUID may name; a ringtone can be a sound or a playlist. */
  readonly kinds: readonly ResourceKind[];
}

const SOUND: readonly ResourceKind[] = ["sounds"];
const PLAYLIST: readonly ResourceKind[] = ["playlists"];
const SOUND_OR_PLAYLIST: readonly ResourceKind[] = ["sounds", "playlists"];

type ResourceField = readonly [field: string, kinds: readonly ResourceKind[]];

const RESOURCE_FIELDS: Readonly<Record<ModuleType, readonly ResourceField[]>> = {
  start: [],
  recording: [],
  musiconhold: [["class", PLAYLIST]],
  calleridmatch: [],
  play: [["sound", SOUND]],
  extension: [
    ["announcement", SOUND],
    ["ringtone", SOUND_OR_PLAYLIST],
  ],
  pressextension: [["sound", SOUND]],
  dialbyextension: [
    ["ringtone", SOUND_OR_PLAYLIST],
    ["sound", SOUND],
  ],
  busy: [],
  voicemail: [["mailboxes", ["mailboxes"]]],
  conference: [
    ["announcement", SOUND],
    ["music", PLAYLIST],
  ],
  Trunk: [["uuid", ["trunks"]]],
  fax: [],
};

const EXTENSION_TARGET_KINDS: ReadonlyMap<unknown, readonly ResourceKind[]> = new Map([
  ["sipuser", ["sipUsers"]],
  ["huntgroup", ["huntGroups"]],
]);

/** The account resources a module uses: sounds, playlists, mailboxes, trunks, and the SIP
 * users and hunt groups an extension module rings. Every string in those places is listed,
 * UUID or not. */
export function resourceReferences(type: ModuleType, module: ModuleFields): ResourceReference[] {
  const references: ResourceReference[] = [];
  for (const [field, kinds] of RESOURCE_FIELDS[type]) {
    const value = module[field];
    if (typeof value === "string") references.push({ field: [field], uuid: value, kinds });
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === "string") references.push({ field: [field, index], uuid: item, kinds });
      });
    }
  }
  if (type === "extension" && Array.isArray(module.extensions)) {
    module.extensions.forEach((target: unknown, index) => {
      if (!isObject(target)) return;
      const kinds = EXTENSION_TARGET_KINDS.get(target.type);
      if (kinds !== undefined && typeof target.uuid === "string") {
        references.push({ field: ["extensions", index, "uuid"], uuid: target.uuid, kinds });
      }
    });
  }
  return references;
}

export type ReferencedResources = { [K in ResourceKind]: Set<string> };

/**
 * Every resource UUID a flow map refers to, by kind, so the database layer can load just those
 * before validating. A UUID that may be of two kinds (a ringtone) is listed under both.
 * Accepts unvalidated input and never throws.
 */
export function listReferencedResources(flow: unknown): ReferencedResources {
  const referenced: ReferencedResources = {
    sipUsers: new Set(),
    huntGroups: new Set(),
    sounds: new Set(),
    playlists: new Set(),
    mailboxes: new Set(),
    trunks: new Set(),
  };
  if (!isObject(flow)) return referenced;
  for (const module of Object.values(flow)) {
    if (!isObject(module)) continue;
    const type = moduleTypeOf(module.module);
    if (type === undefined) continue;
    for (const reference of resourceReferences(type, module)) {
      if (!isUuid(reference.uuid)) continue;
      for (const kind of reference.kinds) referenced[kind].add(reference.uuid);
    }
  }
  return referenced;
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
