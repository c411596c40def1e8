import { MODULE_TYPES, type ModuleType, moduleTypeDefinition, moduleTypeOf } from "./call-flow";
import { isObject } from "./json";

// ─── PLANS: WHAT A PACKAGE ALLOWS ─── pure rules and words, no I/O. A plan limits how many of
// each thing an account may hold (null: unlimited) and which module types its flows may use
// (null: every type). The services enforce them (server/services/plans/limits.ts); the portal
// and both APIs word them from here, so "at most 5 call flows" reads the same everywhere.

/** The limits of a plan, by their API names, in the order the API and the portal show them. */
export const PLAN_LIMITS = [
  "flows",
  "modules_per_flow",
  "numbers",
  "users",
  "schedules",
  "webhooks",
  "sounds_mb",
  "customers",
] as const;
export type PlanLimit = (typeof PLAN_LIMITS)[number];

/** A limit is a count of things an account holds, but modules_per_flow, which bounds one flow. */
export type CountedLimit = Exclude<PlanLimit, "modules_per_flow">;

export type PlanLimits = Record<PlanLimit, number | null>;

/** What a plan is, for its rules: its name, limits and module types (null: all). */
export type PlanRules = { name: string; limits: PlanLimits; modules: ModuleType[] | null };

const NOUNS: Record<PlanLimit, { one: string; many: string }> = {
  flows: { one: "call flow", many: "call flows" },
  modules_per_flow: { one: "module per flow", many: "modules per flow" },
  numbers: { one: "phone number", many: "phone numbers" },
  users: { one: "user", many: "users" },
  schedules: { one: "schedule", many: "schedules" },
  webhooks: { one: "webhook subscription", many: "webhook subscriptions" },
  sounds_mb: { one: "MB of sounds", many: "MB of sounds" },
  customers: { one: "customer", many: "customers" },
};

/** How the portal labels each limit's field. */
export const LIMIT_LABELS: Record<PlanLimit, string> = {
  flows: "Call flows",
  modules_per_flow: "Modules per flow",
  numbers: "Phone numbers",
  users: "Users",
  schedules: "Schedules",
  webhooks: "Webhook subscriptions",
  sounds_mb: "Sounds (MB)",
  customers: "Customers",
};

/** "5 call flows", "1 call flow". */
export function countOf(limit: PlanLimit, count: number): string {
  return `${count} ${count === 1 ? NOUNS[limit].one : NOUNS[limit].many}`;
}

/** The refusal of a write that would pass a limit: `Plan limit reached: at most 5 call flows (plan "Starter")`. */
export function planLimitMessage(limit: PlanLimit, max: number, planName: string): string {
  return `Plan limit reached: at most ${countOf(limit, max)} (plan "${planName}")`;
}

/** Usage against a limit: "3 of 5 call flows", or "3 call flows" when unlimited. */
export function usageText(limit: PlanLimit, used: number, max: number | null): string {
  if (max === null) return countOf(limit, used);
  return `${used} of ${countOf(limit, max)}`;
}

/** Whether one more would pass the limit (`adding` more, for sounds' megabytes). */
export function wouldExceed(used: number, max: number | null, adding = 1): boolean {
  return max !== null && used + adding > max;
}

/** The words a module type outside the plan is refused with: "The Starter plan does not include Fax". */
export function moduleNotInPlanMessage(planName: string, type: ModuleType): string {
  return `The ${planName} plan does not include ${moduleTypeDefinition(type).label}`;
}

/** Whether the plan lets a flow use this module type. */
export function planAllowsModule(plan: Pick<PlanRules, "modules">, type: ModuleType): boolean {
  return plan.modules === null || plan.modules.includes(type);
}

/** Every module type, and for each outside the plan the reason (for the editor's palette). */
export function unavailableModuleTypes(plan: PlanRules | null): Partial<Record<ModuleType, string>> {
  if (!plan) return {};
  return Object.fromEntries(
    MODULE_TYPES.filter((type) => !planAllowsModule(plan, type)).map((type) => [type, moduleNotInPlanMessage(plan.name, type)]),
  );
}

export type PlanIssue = { path: string; message: string };

/**
 * What a flow breaks of its plan: each module of a type outside the plan, at its `module` field,
 * and more modules than modules_per_flow allows (a conflict, reported apart).
 */
export function flowPlanIssues(plan: PlanRules, flow: unknown): { modules: PlanIssue[]; tooManyModules: number | null } {
  if (!isObject(flow)) return { modules: [], tooManyModules: null };
  const modules: PlanIssue[] = [];
  for (const [key, module] of Object.entries(flow)) {
    const type = isObject(module) ? moduleTypeOf(module.module) : undefined;
    if (type && !planAllowsModule(plan, type)) {
      modules.push({ path: `flow.${key}.module`, message: moduleNotInPlanMessage(plan.name, type) });
    }
  }
  const max = plan.limits.modules_per_flow;
  const count = Object.keys(flow).length;
  return { modules, tooManyModules: max !== null && count > max ? max : null };
}
