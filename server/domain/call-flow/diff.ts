import { isObject } from "../json";

/**
 * What changed between two versions of a call flow: the document's own fields (name, extension,
 * options) and, module by module, which were added, removed or changed and in which fields.
 *
 * Works on stored documents as they are, valid or not, and compares by JSON value: key order
 * never counts as a change (a `json` column keeps whatever order a client sent).
 */

/** One changed field. `path` uses dots like validation issues (`next.1`); a side is absent
 * when the field is. Lists are compared whole: "extensions" changed, not its third item. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ModuleEntry {
  readonly key: string;
  /** The `module` field: the module's type as written. */
  readonly type: string;
  readonly module: unknown;
}

export interface ModuleChange {
  readonly key: string;
  /** The type after the change; a type change is also listed among the fields. */
  readonly type: string;
  readonly fields: FieldChange[];
}

export interface CallFlowDiff {
  /** The document's fields other than `flow`. */
  readonly settings: FieldChange[];
  readonly added: ModuleEntry[];
  readonly removed: ModuleEntry[];
  readonly changed: ModuleChange[];
}

/** A call-flow document: `flow` maps module keys to modules, everything else is a setting. */
export type DiffableCallFlow = Readonly<Record<string, unknown>> & { readonly flow: unknown };

export function diffCallFlows(before: DiffableCallFlow, after: DiffableCallFlow): CallFlowDiff {
  const { flow: beforeFlow, ...beforeSettings } = before;
  const { flow: afterFlow, ...afterSettings } = after;
  const beforeModules = isObject(beforeFlow) ? beforeFlow : {};
  const afterModules = isObject(afterFlow) ? afterFlow : {};

  const added: ModuleEntry[] = [];
  const removed: ModuleEntry[] = [];
  const changed: ModuleChange[] = [];
  for (const key of Object.keys(beforeModules)) {
    if (!Object.hasOwn(afterModules, key)) removed.push(entry(key, beforeModules[key]));
  }
  for (const [key, module] of Object.entries(afterModules)) {
    if (!Object.hasOwn(beforeModules, key)) {
      added.push(entry(key, module));
      continue;
    }
    const fields = changedFields(beforeModules[key], module);
    if (fields.length > 0) changed.push({ key, type: typeOf(module), fields });
  }
  return { settings: changedFields(beforeSettings, afterSettings), added, removed, changed };
}

function entry(key: string, module: unknown): ModuleEntry {
  return { key, type: typeOf(module), module };
}

function typeOf(module: unknown): string {
  return isObject(module) && typeof module.module === "string" ? module.module : "";
}

/** Objects are walked field by field; anything else (lists included) is one value. */
function changedFields(before: unknown, after: unknown, prefix: readonly string[] = []): FieldChange[] {
  if (!isObject(before) || !isObject(after)) {
    return sameJson(before, after) ? [] : [{ path: prefix.join("."), before, after }];
  }
  const changes: FieldChange[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = [...prefix, field];
    if (!Object.hasOwn(after, field)) changes.push({ path: path.join("."), before: before[field] });
    else if (!Object.hasOwn(before, field)) changes.push({ path: path.join("."), after: after[field] });
    else changes.push(...changedFields(before[field], after[field], path));
  }
  return changes;
}

/** Equal as JSON values: same lists in the same order, same object fields in any order. A field
 * holding `undefined` is no field, as in `JSON.stringify` (a form's emptied field). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const fields = (value: Record<string, unknown>) => Object.keys(value).filter((key) => value[key] !== undefined);
  const keys = fields(a);
  return keys.length === fields(b).length && keys.every((key) => sameJson(a[key], b[key]));
}
