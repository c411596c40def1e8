import { isObject } from "@/server/domain/json";
import {
  type DiffableCallFlow,
  diffCallFlows,
  type FieldChange,
  isUuid,
  MODULE_REGISTRY,
  moduleTypeOf,
  resourceReferences,
  sameJson,
  type TCallFlowSettings,
} from "@/server/domain/call-flow";
import { moduleFieldText, SETTINGS_FIELD_TEXTS } from "./field-labels";
import { RESOURCE_NOUNS } from "./issue-messages";
import { moduleLabels } from "./module-labels";

/**
 * Changes in people's words: each module by its label ("Play sound: Greeting"), each field by its
 * form label ("Key 1"), each route by the module it leads to and each resource by its name. A
 * resource the account no longer has is "(deleted sound)", never its uuid.
 */

/** One changed field; `before` and `after` are what a person reads, "(none)" for no value. */
export type NamedChange = { field: string; before: string; after: string };
export type NamedModule = { key: string; title: string };
export type NamedDiff = {
  settings: NamedChange[];
  added: NamedModule[];
  removed: NamedModule[];
  changed: (NamedModule & { fields: NamedChange[] })[];
};

/** Resources (and other objects) by uuid: what they are called now. */
export type ObjectNames = ReadonlyMap<string, string>;

const NONE = "(none)";

type Flow = Record<string, Readonly<Record<string, unknown>>>;

function modulesOf(document: DiffableCallFlow): Flow {
  if (!isObject(document.flow)) return {};
  return Object.fromEntries(
    Object.entries(document.flow).filter((entry): entry is [string, Readonly<Record<string, unknown>>] => isObject(entry[1])),
  );
}

/** A value as a person reads it; `nameOf` says what a text value stands for (a module, a resource). */
function readable(value: unknown, nameOf: (text: string) => string): string {
  if (value === undefined || value === null || value === "") return NONE;
  if (typeof value === "string") return nameOf(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length === 0 ? NONE : value.map((item) => readable(item, nameOf)).join(", ");
  if (isObject(value)) {
    // An extension's target is the person, group or number it rings.
    if (typeof value.uuid === "string") return readable(value.uuid, nameOf);
    if (typeof value.number === "string") return value.number;
    // A whole document (a draft, a template) by its name: its insides have their own events.
    if (typeof value.name === "string") return value.name;
    return Object.entries(value)
      .map(([field, item]) => `${field}: ${readable(item, nameOf)}`)
      .join(", ");
  }
  return String(value);
}

/** What a uuid no one can name any more was, by where the flows use it. */
function deletedNouns(flows: readonly Flow[]): Map<string, string> {
  const nouns = new Map<string, string>();
  for (const flow of flows) {
    for (const module of Object.values(flow)) {
      const type = moduleTypeOf(module.module);
      if (!type) continue;
      for (const { uuid, kinds } of resourceReferences(type, module)) {
        nouns.set(uuid, kinds.map((kind) => RESOURCE_NOUNS[kind]).join(" or "));
      }
    }
  }
  return nouns;
}

/** `before` and `after` of one call flow (a version, a draft, an audit event's snapshots) in people's words. */
export function nameFlowDiff(
  before: DiffableCallFlow,
  after: DiffableCallFlow,
  names: ObjectNames,
  diff = diffCallFlows(before, after),
): NamedDiff {
  const beforeModules = modulesOf(before);
  const afterModules = modulesOf(after);
  // A value is named as its own side called it (a route's old target by its old label); a module
  // removed is named as it was, every other as it is now.
  const labelsOf = (flow: Flow) => new Map(moduleLabels(flow, names).map(({ key, label }) => [key, label]));
  const beforeTitles = labelsOf(beforeModules);
  const afterTitles = labelsOf(afterModules);
  const nouns = deletedNouns([beforeModules, afterModules]);
  const namer = (own: ReadonlyMap<string, string>, other: ReadonlyMap<string, string>) => (text: string) =>
    own.get(text) ?? other.get(text) ?? names.get(text) ?? (isUuid(text) ? `(deleted ${nouns.get(text) ?? "step"})` : text);
  const beforeName = namer(beforeTitles, afterTitles);
  const afterName = namer(afterTitles, beforeTitles);
  const title = (key: string) => afterTitles.get(key) ?? beforeTitles.get(key) ?? "Unknown module";

  const moduleChange =
    (key: string) =>
    (change: FieldChange): NamedChange => {
      const module = afterModules[key] ?? beforeModules[key] ?? {};
      const type = moduleTypeOf(module.module);
      const path = change.path.split(".");
      if (change.path === "module") {
        const typeName = (value: unknown) => {
          const known = moduleTypeOf(value);
          return known ? MODULE_REGISTRY[known].label : readable(value, String);
        };
        return { field: "Type", before: typeName(change.before), after: typeName(change.after) };
      }
      const field = (type && moduleFieldText(type, module, path)?.label) || change.path;
      return { field, before: readable(change.before, beforeName), after: readable(change.after, afterName) };
    };
  const settingChange = (change: FieldChange): NamedChange => {
    const label = Object.hasOwn(SETTINGS_FIELD_TEXTS, change.path)
      ? SETTINGS_FIELD_TEXTS[change.path as keyof TCallFlowSettings].label
      : fieldLabel(change.path);
    const plain = (text: string) => names.get(text) ?? text;
    return { field: label, before: readable(change.before, plain), after: readable(change.after, plain) };
  };

  return {
    settings: diff.settings.map(settingChange),
    added: diff.added.map(({ key }) => ({ key, title: title(key) })),
    removed: diff.removed.map(({ key }) => ({ key, title: title(key) })),
    changed: diff.changed.map(({ key, fields }) => ({ key, title: title(key), fields: fields.map(moduleChange(key)) })),
  };
}

/** A stored field's name as a label: `closedCallFlowId` is "Closed call flow". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/Id$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The fields of any other object (a schedule, a number, a user) that differ, by label. A uuid
 * is named by `names`, or by its field once the object it named is gone ("(deleted call flow)").
 * The object's own id is the event's subject, not a change.
 */
export function nameFieldChanges(before: unknown, after: unknown, names: ObjectNames): NamedChange[] {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((field) => field !== "id" && !sameJson(a[field], b[field]))
    .map((field) => {
      const gone = `(deleted ${/Id$/.test(field) ? fieldLabel(field).toLowerCase() : "item"})`;
      const nameOf = (text: string) => names.get(text) ?? (isUuid(text) ? gone : text);
      return { field: fieldLabel(field), before: readable(a[field], nameOf), after: readable(b[field], nameOf) };
    });
}
