import { MODULE_SCHEMAS, moduleTypeDefinition, moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { routeFieldsOf } from "@/server/domain/call-flow/references";

/**
 * The routes of the modules under edit, set or not: where a new module can be connected, which
 * routes the graph marks as leading nowhere yet, and what "finish with defaults" fills.
 */

type Module = Readonly<Record<string, unknown>>;
type Flow = Readonly<Record<string, Module>>;

type RouteSlot = {
  /** The route's field in the module: `["next"]`, `["match"]`, `["next", "invalid"]`... */
  field: readonly string[];
  /** The module key it leads to; "" when none is chosen yet. */
  target: string;
  /** Whether the module is invalid without it. */
  required: boolean;
};

// Asked for every route of every module on each edit: the schemas' answer is kept.
const optionalFields = new Map<string, boolean>();

/** Whether a module of `type` is valid without `field`. */
export function isOptionalField(type: ModuleType, field: string): boolean {
  const id = `${type}.${field}`;
  let optional = optionalFields.get(id);
  if (optional === undefined) {
    const schema = (
      MODULE_SCHEMAS[type].shape as Record<string, { safeParse: (value: unknown) => { success: boolean } } | undefined>
    )[field];
    optional = schema?.safeParse(undefined).success ?? true;
    optionalFields.set(id, optional);
  }
  return optional;
}

/** Every route of a module in form order: its route fields, then its menu's branches. */
export function routeSlots(module: Module): RouteSlot[] {
  const type = moduleTypeOf(module.module);
  if (!type) return [];
  const slots: RouteSlot[] = [];
  for (const field of routeFieldsOf(type)) {
    const value = module[field];
    slots.push({ field: [field], target: typeof value === "string" ? value : "", required: !isOptionalField(type, field) });
  }
  if (moduleTypeDefinition(type).menu && typeof module.next === "object" && module.next !== null) {
    for (const [branch, target] of Object.entries(module.next)) {
      slots.push({ field: ["next", branch], target: typeof target === "string" ? target : "", required: true });
    }
  }
  return slots;
}

/** The routes no call can follow yet: required ones left empty, and menu branches added but not chosen. */
export function emptyRoutes(module: Module): RouteSlot[] {
  return routeSlots(module).filter((slot) => slot.target === "" && slot.required);
}

/** The module with the route at `field` (`["next"]`, `["next", "1"]`) pointing at `target`. */
export function withRoute(module: Module, field: readonly string[], target: string): Record<string, unknown> {
  const [name, branch] = field;
  if (name === undefined) return { ...module };
  if (branch === undefined) return { ...module, [name]: target };
  return { ...module, [name]: { ...(module[name] as Record<string, unknown>), [branch]: target } };
}

/** The module with the route at `field` leading nowhere: an optional route goes, any other is left to choose. */
export function withoutRoute(module: Module, field: readonly string[]): Record<string, unknown> {
  const type = moduleTypeOf(module.module);
  const [name, branch] = field;
  if (type && name !== undefined && branch === undefined && isOptionalField(type, name)) {
    const { [name]: _gone, ...rest } = module;
    return rest;
  }
  return withRoute(module, field, "");
}

/**
 * Puts the module `key` (already in `flow`) on the route `field` of `source`: the route leads to
 * it, and the first route it offers (in form order) takes over where the route led, so calls go
 * on as before after it. Returns the flow and that route of the new module, or null when the
 * route led nowhere or the new module has no route (a Busy tone ends the call there).
 */
export function insertedOnRoute(
  flow: Flow,
  source: string,
  field: readonly string[],
  key: string,
): { flow: Flow; continuedBy: readonly string[] | null } {
  const from = flow[source];
  const added = flow[key];
  if (!from || !added) return { flow, continuedBy: null };
  const previousTarget = routeSlots(from).find((slot) => slot.field.join(".") === field.join("."))?.target ?? "";
  const [first] = routeSlots(added);
  const continued =
    previousTarget !== "" && previousTarget !== key && first ? withRoute(added, first.field, previousTarget) : added;
  return {
    flow: { ...flow, [source]: withRoute(from, field, key), [key]: continued },
    continuedBy: continued === added ? null : (first?.field ?? null),
  };
}

/**
 * Connects a module just added as `key` after the module `after`: it fills `after`'s first
 * empty route, or, when every route is set and `after` has a single next step, it goes in
 * between (see `insertedOnRoute`). Returns the flow and the route of `after` that now leads to
 * it, or null when there was no place for it.
 */
export function connectAfter(flow: Flow, after: string, key: string): { flow: Flow; via: readonly string[] | null } {
  const previous = flow[after];
  const added = flow[key];
  if (!previous || !added) return { flow, via: null };
  const slots = routeSlots(previous);
  const empty = slots.find((slot) => slot.target === "");
  if (empty) return { flow: { ...flow, [after]: withRoute(previous, empty.field, key) }, via: empty.field };
  const [only] = slots;
  const addedType = moduleTypeOf(added.module);
  if (slots.length === 1 && only?.field.length === 1 && addedType && routeFieldsOf(addedType).length === 1)
    return { flow: insertedOnRoute(flow, after, only.field, key).flow, via: only.field };
  return { flow, via: null };
}

/** Points every empty required route at one new Busy tone; returns the flow unchanged when none is empty. */
export function finishWithDefaults(flow: Flow): { flow: Flow; busyKey: string | null; filled: number } {
  let filled = 0;
  const busyKey = crypto.randomUUID();
  const next: Record<string, Module> = {};
  for (const [key, module] of Object.entries(flow)) {
    let updated: Module = module;
    for (const slot of emptyRoutes(module)) {
      updated = withRoute(updated, slot.field, busyKey);
      filled += 1;
    }
    next[key] = updated;
  }
  if (filled === 0) return { flow, busyKey: null, filled };
  next[busyKey] = { module: "busy" };
  return { flow: next, busyKey, filled };
}
