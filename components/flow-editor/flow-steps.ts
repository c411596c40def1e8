import { MODULE_REGISTRY, moduleTypeDefinition, moduleTypeOf } from "@/server/domain/call-flow";
import { resourceReferences } from "@/server/domain/call-flow/references";
import { moduleFieldText, SPECIAL_ROUTE_LABELS } from "./field-labels";
import { routeSlots } from "./routes";

/**
 * The flow as a list to read (on a phone, above all): each module in the order a call meets it,
 * what it does with names in place of ids, and where each of its routes leads.
 */

type Module = Readonly<Record<string, unknown>>;
type Flow = Readonly<Record<string, Module>>;

/**
 * The module keys in the order a call meets them: from Start, depth first, each module's routes
 * in form order, so one branch reads to its end before the next. Modules no call reaches come
 * after, in the flow's order.
 */
export function keysInRouteOrder(flow: Flow): { reached: string[]; unreached: string[] } {
  const reached: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const pending = [key];
    while (pending.length > 0) {
      const next = pending.pop()!;
      const module = flow[next];
      if (seen.has(next) || !module) continue;
      seen.add(next);
      reached.push(next);
      // Pushed last to first, so the first route is walked first.
      const targets = routeSlots(module).map((slot) => slot.target);
      for (const target of targets.reverse()) if (target !== "" && !seen.has(target)) pending.push(target);
    }
  };
  for (const [key, module] of Object.entries(flow)) if (moduleTypeOf(module.module) === "start") visit(key);
  return { reached, unreached: Object.keys(flow).filter((key) => !seen.has(key)) };
}

/** One thing a module does, as its form labels the field: "Menu prompt (sound): Welcome". */
export type StepDetail = { label: string; value: string };

/** Where one route of a module leads: a module of the flow, somewhere else, or nowhere yet. */
export type StepRoute = { label: string } & (
  | { to: "module"; key: string }
  | { to: "special"; text: string }
  /** Nothing chosen: still to do when `required`, else the module works without it. */
  | { to: "none"; required: boolean }
);

/** A value as a list reads it; null for what the list leaves out (defaults, nested objects). */
function plainValue(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.length > 0 ? value.join(", ") : null;
  return null;
}

/**
 * What a module does, field by field, routes aside: resources by their names (`nameOf` answers
 * null for an id it does not know), ring targets by name or number, other settings as written.
 */
export function stepDetails(module: Module, nameOf: (id: string) => string | null): StepDetail[] {
  const type = moduleTypeOf(module.module);
  if (!type) return [];
  const definition = moduleTypeDefinition(type);
  const routeFields = new Set([...definition.routes, ...(definition.menu ? ["next"] : [])]);
  const resources = new Map<string, string[]>();
  for (const reference of resourceReferences(type, module)) {
    const field = String(reference.field[0]);
    const name = reference.uuid === "" ? "not chosen yet" : (nameOf(reference.uuid) ?? "not on this account");
    resources.set(field, [...(resources.get(field) ?? []), name]);
  }
  const details: StepDetail[] = [];
  for (const field of Object.keys(MODULE_REGISTRY[type].fieldTexts)) {
    if (routeFields.has(field) || !(field in module)) continue;
    const label = moduleFieldText(type, module, [field])?.label ?? field;
    const value = module[field];
    if (field === "extensions" && Array.isArray(value)) {
      const targets = value.map((target: { number?: unknown; uuid?: unknown }) =>
        typeof target?.number === "string"
          ? target.number
          : typeof target?.uuid === "string" && target.uuid !== ""
            ? (nameOf(target.uuid) ?? "not on this account")
            : "not chosen yet",
      );
      if (targets.length > 0) details.push({ label, value: targets.join(", ") });
      continue;
    }
    const text = resources.has(field) ? resources.get(field)!.join(", ") : plainValue(value);
    if (text !== null) details.push({ label, value: text });
  }
  return details;
}

/** Every route of a module, labelled as its form labels it, with where it leads. */
export function stepRoutes(module: Module, flow: Flow): StepRoute[] {
  const type = moduleTypeOf(module.module);
  if (!type) return [];
  return routeSlots(module).map((slot) => {
    const label = moduleFieldText(type, module, slot.field)?.label ?? slot.field.join(" ");
    if (slot.target === "") return { label, to: "none", required: slot.required };
    if (flow[slot.target]) return { label, to: "module", key: slot.target };
    return { label, to: "special", text: SPECIAL_ROUTE_LABELS[slot.target] ?? "a step that is not in this flow" };
  });
}
