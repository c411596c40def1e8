import { isObject } from "../json";
import { isModuleKeyText, isUuid, MODULE_TYPES, type ModuleType, moduleTypeDefinition, moduleTypeOf } from "./modules";

/**
 * Where a module points to other modules and to the account's resources, as its module type's
 * registry entry says (./modules). The validator, the loop and reachability rules, templates and
 * the database layer all read references through these two functions.
 *
 * Both work on unvalidated objects, so a module with an unrelated mistake still has its
 * references checked; values of the wrong type are left to the schema's message.
 */

export type ModuleFields = Readonly<Record<string, unknown>>;
export type FieldPath = readonly (string | number)[];

interface ModuleReference {
  /** The field holding the reference, relative to the module, e.g. `["next", "1"]`. */
  readonly field: FieldPath;
  readonly target: string;
}

/** The fields of a module type that route to another module, menus' `next` objects aside. */
export function routeFieldsOf(type: ModuleType): readonly string[] {
  return moduleTypeDefinition(type).routes;
}

/** Every field name that routes to another module, in any module type. */
export const ROUTE_FIELD_NAMES: ReadonlySet<string> = new Set(["next", ...MODULE_TYPES.flatMap(routeFieldsOf)]);

/** The routes from a module to other modules of its flow. */
export function moduleReferences(type: ModuleType, module: ModuleFields): ModuleReference[] {
  const definition = moduleTypeDefinition(type);
  const references: ModuleReference[] = [];
  for (const field of definition.routes) {
    const target = module[field];
    if (!isModuleKeyText(target) || definition.routeValuesNotModules?.[field] === target) continue;
    references.push({ field: [field], target });
  }
  const menu = definition.menu ? module.next : undefined;
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

/** The account resources a module uses: sounds, playlists, mailboxes, trunks, and the SIP
 * users and hunt groups an extension module rings. Every string in those places is listed,
 * UUID or not. */
export function resourceReferences(type: ModuleType, module: ModuleFields): ResourceReference[] {
  const definition = moduleTypeDefinition(type);
  const references: ResourceReference[] = [];
  for (const [field, kinds] of definition.resources) {
    const value = module[field];
    if (typeof value === "string") references.push({ field: [field], uuid: value, kinds });
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === "string") references.push({ field: [field, index], uuid: item, kinds });
      });
    }
  }
  if (definition.nestedResources) references.push(...definition.nestedResources(module));
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
