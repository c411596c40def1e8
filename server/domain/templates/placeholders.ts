import { isUuid, moduleTypeOf } from "../call-flow/modules";
import { type FieldPath, type ResourceKind, resourceReferences } from "../call-flow/references";
import { isObject } from "../json";
import { NO_CONTROL_CHARACTERS } from "../text";

/**
 * Placeholders: where a call flow names one account's resource by uuid, a template names it
 * `"{{Reception}}"`, and declares what kind of resource "Reception" is. Which fields hold
 * resources, and of which kinds, is the call-flow domain's knowledge (`resourceReferences`), so
 * a field added to a module there can hold a placeholder here without a change.
 */

/** How the REST API and templates name the kinds, in the order the portal lists them. */
export const PLACEHOLDER_KINDS = ["sipuser", "group", "sound", "playlist", "mailbox", "trunk"] as const;
export type PlaceholderKind = (typeof PLACEHOLDER_KINDS)[number];

export const RESOURCE_KIND_OF: Readonly<Record<PlaceholderKind, ResourceKind>> = {
  sipuser: "sipUsers",
  group: "huntGroups",
  sound: "sounds",
  playlist: "playlists",
  mailbox: "mailboxes",
  trunk: "trunks",
};

export const PLACEHOLDER_KIND_OF: Readonly<Record<ResourceKind, PlaceholderKind>> = {
  sipUsers: "sipuser",
  huntGroups: "group",
  sounds: "sound",
  playlists: "playlist",
  mailboxes: "mailbox",
  trunks: "trunk",
};

/** How messages and the portal name one resource of a kind. */
export const KIND_LABELS: Readonly<Record<PlaceholderKind, string>> = {
  sipuser: "SIP user",
  group: "hunt group",
  sound: "sound",
  playlist: "playlist",
  mailbox: "mailbox",
  trunk: "trunk",
};

export const KIND_PLURALS: Readonly<Record<PlaceholderKind, string>> = {
  sipuser: "SIP users",
  group: "hunt groups",
  sound: "sounds",
  playlist: "playlists",
  mailbox: "mailboxes",
  trunk: "trunks",
};

export function isPlaceholderKind(value: unknown): value is PlaceholderKind {
  return typeof value === "string" && (PLACEHOLDER_KINDS as readonly string[]).includes(value);
}

export const PLACEHOLDER_NAME_MAX_LENGTH = 100;
export const MAX_PLACEHOLDERS = 100;

/** The whole value is the placeholder; spaces inside the braces are not part of the name. */
const PLACEHOLDER_TEXT = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** The placeholder a flow value names ("{{Reception}}" → "Reception"), or null for anything else. */
export function placeholderNameIn(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = PLACEHOLDER_TEXT.exec(value);
  return match && match[1] !== "" ? match[1]! : null;
}

export function placeholderText(name: string): string {
  return `{{${name}}}`;
}

/** Why a text cannot name a placeholder, following the name in a message, or null when it can. */
export function placeholderNameProblem(name: string): string | null {
  const requirement = `must be 1 to ${PLACEHOLDER_NAME_MAX_LENGTH} characters, without braces or spaces at either end`;
  if (name.length === 0 || name.length > PLACEHOLDER_NAME_MAX_LENGTH || name.trim() !== name || /[{}]/.test(name))
    return requirement;
  if (!NO_CONTROL_CHARACTERS.check(name)) return NO_CONTROL_CHARACTERS.message;
  return null;
}

/** A resource field of a template's flow: what it holds, where, and which kinds it accepts. */
interface ResourceSlot {
  /** From the flow map: `[moduleKey, "extensions", 0, "uuid"]`. */
  readonly path: FieldPath;
  readonly value: string;
  /** The placeholder named there, or null for a literal value. */
  readonly placeholder: string | null;
  readonly kinds: readonly PlaceholderKind[];
}

/** Every resource field of a flow map, placeholder or not. Accepts unvalidated input. */
export function resourceSlots(flow: unknown): ResourceSlot[] {
  if (!isObject(flow)) return [];
  const slots: ResourceSlot[] = [];
  for (const [key, module] of Object.entries(flow)) {
    if (!isObject(module)) continue;
    const type = moduleTypeOf(module.module);
    if (type === undefined) continue;
    for (const reference of resourceReferences(type, module)) {
      slots.push({
        path: [key, ...reference.field],
        value: reference.uuid,
        placeholder: placeholderNameIn(reference.uuid),
        kinds: reference.kinds.map((kind) => PLACEHOLDER_KIND_OF[kind]),
      });
    }
  }
  return slots;
}

/** Paths of placeholder texts in places that are not resource fields (a route, a pattern…). */
export function misplacedPlaceholders(flow: unknown): FieldPath[] {
  const slots = new Set(resourceSlots(flow).map((slot) => slot.path.join("\u0000")));
  const found: FieldPath[] = [];
  const visit = (value: unknown, path: FieldPath) => {
    if (placeholderNameIn(value) !== null && !slots.has(path.join("\u0000"))) found.push(path);
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    } else if (isObject(value)) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  if (isObject(flow)) for (const [key, module] of Object.entries(flow)) visit(module, [key]);
  return found;
}

/** Literal resource uuids of a flow: a template that kept one would name one customer's resource. */
export function literalResources(flow: unknown): ResourceSlot[] {
  return resourceSlots(flow).filter((slot) => slot.placeholder === null && isUuid(slot.value));
}

/**
 * The flow map with some resource fields rewritten: `replacement` answers the new value of a
 * field, or undefined to keep it. The input is not changed, and key order is kept, so a flow is
 * stored as the template wrote it.
 */
export function rewriteResourceSlots(flow: unknown, replacement: (slot: ResourceSlot) => string | undefined): unknown {
  if (!isObject(flow)) return flow;
  const copy = structuredClone(flow) as Record<string, unknown>;
  for (const slot of resourceSlots(flow)) {
    const value = replacement(slot);
    if (value !== undefined) setAt(copy, slot.path, value);
  }
  return copy;
}

/** Each placeholder replaced by its bound uuid; one without a binding stays (validation reports it). */
export function substitutePlaceholders(flow: unknown, bindings: Readonly<Record<string, string>>): unknown {
  return rewriteResourceSlots(flow, (slot) => (slot.placeholder === null ? undefined : bindings[slot.placeholder]));
}

function setAt(root: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let holder = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) holder = holder[segment] as Record<string | number, unknown>;
  holder[path[path.length - 1]!] = value;
}
