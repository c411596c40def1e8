import type { z } from "zod";
import { isObject } from "../json";
import { MAX_CALLER_ID_PATTERNS_PER_FLOW, MAX_FLOW_JSON_BYTES, MAX_MODULES, ZCallFlowInput, ZCallFlowSettings } from "./document";
import { DEFAULT_EXTENSION_RANGE, type ExtensionRange, isInExtensionRange } from "./extensions";
import { cyclicComponents, reachableFrom, shortestCycle } from "./graph";
import type { FlowDiagnosis, FlowDiagnostic, FlowIssueCode, FlowIssueParams } from "./issue-codes";
import {
  MENU_FALLBACK_BRANCHES,
  MODULE_FIELD_VALUES,
  MODULE_SCHEMAS,
  type ModuleType,
  TERMINATING_MODULE_TYPES,
  isUuid,
  moduleKeyProblem,
  moduleTypeDefinition,
  moduleTypeOf,
} from "./modules";
import type { CallerIdPatternProblem } from "./caller-id";
import {
  type AccountResources,
  type FieldPath,
  type ModuleFields,
  ROUTE_FIELD_NAMES,
  type ResourceKind,
  moduleReferences,
  resourceReferences,
} from "./references";

/**
 * The single answer to "is this call flow valid": the schemas field by field, then the rules
 * that span modules and the checks that need the account (extension range, resources).
 *
 * Paths are the JSON path joined with dots (`flow.<module key>.next.1`); the empty path is the
 * document itself. Module keys are usually UUIDs; a key containing a dot makes its path
 * ambiguous to read back, not wrong.
 */

export interface FlowIssue {
  path: string;
  message: string;
}

/** Errors block saving; warnings point at likely mistakes and never block. */
export interface ValidationResult {
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

export interface FlowSizeLimits {
  maxModules: number;
  maxFlowJsonBytes: number;
  maxCallerIdPatterns: number;
}

const DEFAULT_LIMITS: FlowSizeLimits = {
  maxModules: MAX_MODULES,
  maxFlowJsonBytes: MAX_FLOW_JSON_BYTES,
  maxCallerIdPatterns: MAX_CALLER_ID_PATTERNS_PER_FLOW,
};

export interface ValidationContext {
  /** The account's own resources; a reference to anything else is "not found". */
  resources: AccountResources;
  /** The account's call-flow extension range; `DEFAULT_EXTENSION_RANGE` when absent. */
  extensionRange?: ExtensionRange;
  /** Overrides `MAX_MODULES`, `MAX_FLOW_JSON_BYTES` and `MAX_CALLER_ID_PATTERNS_PER_FLOW`,
   * e.g. to benchmark larger flows. */
  limits?: Partial<FlowSizeLimits>;
}

/**
 * Validates an untrusted call-flow document (parsed JSON) and reports every problem it can find.
 * Never throws and never changes its input: a valid document is meant to be stored as sent.
 */
export function validateCallFlow(input: unknown, context: ValidationContext): ValidationResult {
  const { errors, warnings } = diagnoseCallFlow(input, context);
  const plain = (issue: FlowDiagnostic): FlowIssue => ({ path: issue.path, message: issue.message });
  return { errors: errors.map(plain), warnings: warnings.map(plain) };
}

/** `validateCallFlow`'s issues with each rule's code and findings, for the portal to word them
 * for people. */
export function diagnoseCallFlow(input: unknown, context: ValidationContext): FlowDiagnosis {
  const report = new Report();
  if (!isObject(input)) {
    report.error("document.not-object", {}, [], "The call flow must be a JSON object with name, extension and flow");
    return report.result();
  }
  const { flow, ...settings } = input;
  const parsed = ZCallFlowSettings.safeParse(settings);
  if (!parsed.success) {
    report.schemaIssues([], settings, null, parsed.error.issues, (_, key) =>
      unknownFieldOf("a call flow", Object.keys(ZCallFlowInput.shape), key),
    );
  }
  const range = context.extensionRange ?? DEFAULT_EXTENSION_RANGE;
  if (Number.isSafeInteger(settings.extension) && !isInExtensionRange(range, settings.extension as number)) {
    report.error(
      "extension.out-of-range",
      { min: range.min, max: range.max },
      ["extension"],
      `"extension" must be from ${range.min} to ${range.max}, this account's range for call-flow extensions`,
    );
  }
  if (flow === undefined) {
    report.error("flow.missing", {}, ["flow"], '"flow" is required and must be an object mapping module keys to modules');
  } else {
    validateFlowMap(flow, context, report);
  }
  return report.result();
}

interface FlowModule {
  key: string;
  type: ModuleType;
  fields: ModuleFields;
  routes: { field: FieldPath; to: number }[];
}

function validateFlowMap(flow: unknown, context: ValidationContext, report: Report): void {
  if (!isObject(flow)) {
    report.error("flow.not-object", {}, ["flow"], '"flow" must be an object mapping module keys to modules');
    return;
  }
  const entries = Object.entries(flow);
  if (!withinSizeLimits(flow, entries, { ...DEFAULT_LIMITS, ...context.limits }, report)) return;
  const modules = checkModules(entries, report);
  checkRoutes(modules, new Set(entries.map(([key]) => key)), report);
  checkStart(modules, report);
  checkFax(modules, entries.length, report);
  checkEndlessLoops(modules, report);
  checkResources(modules, context.resources, report);
  warnAboutUnreachableModules(modules, report);
  warnAboutMissingFields(modules, report);
}

/** Past the limits the flow is not analysed further: the work would grow with whatever size
 * was sent, and the first thing to fix is the size anyway. */
function withinSizeLimits(flow: ModuleFields, entries: readonly FlowEntry[], limits: FlowSizeLimits, report: Report): boolean {
  if (entries.length > limits.maxModules) {
    report.error(
      "flow.too-many-modules",
      { count: entries.length, max: limits.maxModules },
      ["flow"],
      `The flow has ${entries.length} modules; at most ${limits.maxModules} are allowed`,
    );
    return false;
  }
  const patternCount = countCallerIdPatterns(entries);
  if (patternCount > limits.maxCallerIdPatterns) {
    report.error(
      "flow.too-many-patterns",
      { count: patternCount, max: limits.maxCallerIdPatterns },
      ["flow"],
      `The flow has ${patternCount} caller-ID patterns; at most ${limits.maxCallerIdPatterns} are allowed in one flow`,
    );
    return false;
  }
  if (!Number.isFinite(limits.maxFlowJsonBytes)) return true;
  let json: string;
  try {
    json = JSON.stringify(flow);
  } catch {
    report.error("flow.not-plain-json", {}, ["flow"], '"flow" must be plain JSON data');
    return false;
  }
  const bytes = utf8ByteLengthIfOver(json, limits.maxFlowJsonBytes);
  if (bytes !== null) {
    report.error(
      "flow.too-large",
      { bytes, max: limits.maxFlowJsonBytes },
      ["flow"],
      `The flow is ${bytes} bytes of JSON; at most ${limits.maxFlowJsonBytes} are allowed`,
    );
    return false;
  }
  return true;
}

const utf8 = new TextEncoder();
const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

/** The UTF-8 size of `json` when it exceeds `limit`, else null. Small flows cannot exceed it
 * whatever their characters, and are not encoded. */
function utf8ByteLengthIfOver(json: string, limit: number): number | null {
  if (json.length * MAX_UTF8_BYTES_PER_UTF16_UNIT <= limit) return null;
  const bytes = utf8.encode(json).length;
  return bytes > limit ? bytes : null;
}

type FlowEntry = readonly [key: string, module: unknown];

function countCallerIdPatterns(entries: readonly FlowEntry[]): number {
  let count = 0;
  for (const [, module] of entries) {
    const type = isObject(module) ? moduleTypeOf(module.module) : undefined;
    if (type !== undefined) count += moduleTypeDefinition(type).callerIdPatterns?.(module as ModuleFields).length ?? 0;
  }
  return count;
}

/** Field-level checks; returns the modules whose type is known, for the rules that follow. */
function checkModules(entries: readonly FlowEntry[], report: Report): FlowModule[] {
  const modules: FlowModule[] = [];
  for (const [key, fields] of entries) {
    const keyProblem = moduleKeyProblem(key);
    if (keyProblem !== null) report.error("module.key-invalid", {}, ["flow", key], keyProblem);
    if (!isObject(fields)) {
      report.error("module.not-object", {}, ["flow", key], `Module "${key}" must be an object with a "module" field`);
      continue;
    }
    const type = moduleTypeOf(fields.module);
    if (type === undefined) {
      const requirement = `must be one of ${MODULE_FIELD_VALUES.join(", ")}`;
      const missing = fields.module === undefined;
      report.error(
        "module.type-invalid",
        { missing },
        ["flow", key, "module"],
        `"module" ${missing ? `is required and ${requirement}` : requirement}`,
      );
      continue;
    }
    const parsed = MODULE_SCHEMAS[type].safeParse(fields);
    if (!parsed.success) {
      report.schemaIssues(["flow", key], fields, type, parsed.error.issues, (path, field) =>
        unknownModuleField(type, fields, path, field),
      );
    }
    modules.push({ key, type, fields, routes: [] });
  }
  return modules;
}

/** Every route must name a module of this flow. */
function checkRoutes(modules: FlowModule[], keys: ReadonlySet<string>, report: Report): void {
  const indexByKey = new Map(modules.map((module, index) => [module.key, index]));
  for (const module of modules) {
    for (const { field, target } of moduleReferences(module.type, module.fields)) {
      if (!keys.has(target)) {
        report.error(
          "route.unknown-target",
          { module: module.type },
          ["flow", module.key, ...field],
          `"${field.join(".")}" points to "${target}", which is not a module of this flow`,
        );
        continue;
      }
      const to = indexByKey.get(target);
      if (to !== undefined) module.routes.push({ field, to });
    }
  }
}

function checkStart(modules: readonly FlowModule[], report: Report): void {
  const starts = modules.filter((module) => module.type === "start");
  const [first, ...extra] = starts;
  if (first === undefined) {
    report.error(
      "start.missing",
      {},
      ["flow"],
      'The flow has no start module; it needs exactly one module with "module": "start"',
    );
  }
  for (const module of extra) {
    report.error(
      "start.duplicate",
      { firstStart: first?.key ?? "" },
      ["flow", module.key, "module"],
      `Only one start module is allowed; "${first?.key}" is already the start`,
    );
  }
}

/** The provider only receives faxes on a flow that goes straight from start to fax. */
function checkFax(modules: readonly FlowModule[], moduleCount: number, report: Report): void {
  const faxKeys = new Set(modules.filter((module) => module.type === "fax").map((module) => module.key));
  const firstFax = faxKeys.values().next().value;
  if (firstFax === undefined) return;
  const starts = modules.filter((module) => module.type === "start");
  const others = moduleCount - starts.length - 1;
  if (others > 0) {
    for (const key of faxKeys) {
      report.error(
        "fax.not-alone",
        { others },
        ["flow", key],
        `A fax module must be the only module after start, but this flow has ${others} other module${others === 1 ? "" : "s"}`,
      );
    }
  }
  for (const start of starts) {
    const [next] = start.routes;
    if (next !== undefined && modules[next.to]?.type !== "fax") {
      report.error(
        "fax.start-not-to-fax",
        { fax: firstFax },
        ["flow", start.key, "next"],
        `"next" must point to the fax module "${firstFax}": a flow that receives faxes goes straight from start to fax`,
      );
    }
  }
}

const LOOP_DESCRIPTION_MAX_MODULES = 6;

function checkEndlessLoops(modules: readonly FlowModule[], report: Report): void {
  // A loop through a module that waits for the caller (a menu) or rings someone is one the
  // caller can repeat; any other loop spins without end.
  const waits = modules.map((module) => moduleTypeDefinition(module.type).waitsForCaller === true);
  const instantRoutes = modules.map((module, index) =>
    waits[index] ? [] : module.routes.filter((route) => !waits[route.to]).map((route) => route.to),
  );
  for (const component of cyclicComponents(instantRoutes)) {
    const start = component.reduce((lowest, index) => Math.min(lowest, index));
    const cycle = shortestCycle(instantRoutes, component, start);
    const closing = modules[cycle[cycle.length - 2] ?? start];
    const closingRoute = closing?.routes.find((route) => route.to === start);
    if (closing === undefined || closingRoute === undefined) continue;
    const steps = cycle.map((index) => {
      const module = modules[index];
      return module === undefined ? "" : `${module.type} "${module.key}"`;
    });
    const shown =
      steps.length > LOOP_DESCRIPTION_MAX_MODULES
        ? [...steps.slice(0, LOOP_DESCRIPTION_MAX_MODULES - 1), `... (${cycle.length - 1} modules)`, steps[steps.length - 1]]
        : steps;
    report.error(
      "loop.endless",
      { module: closing.type, loop: cycle.flatMap((index) => modules[index]?.key ?? []) },
      ["flow", closing.key, ...closingRoute.field],
      `"${closingRoute.field.join(".")}" closes a loop that repeats forever without waiting for the caller ` +
        `or ringing anyone: ${shown.join(" -> ")}. Route the loop through an IVR menu or an extension module, or end it`,
    );
  }
}

const RESOURCE_NAMES: Readonly<Record<ResourceKind, string>> = {
  sipUsers: "SIP user",
  huntGroups: "Hunt group",
  sounds: "Sound",
  playlists: "Playlist",
  mailboxes: "Mailbox",
  trunks: "Trunk",
};

// SECURITY: a UUID outside the account is reported exactly like one that does not exist, so
// the portal never reveals what other accounts own.
function checkResources(modules: readonly FlowModule[], resources: AccountResources, report: Report): void {
  for (const module of modules) {
    for (const { field, uuid, kinds } of resourceReferences(module.type, module.fields)) {
      // A malformed UUID already has the schema's message.
      if (kinds.some((kind) => resources[kind].has(uuid)) || !isUuid(uuid)) continue;
      const names = kinds.map((kind, index) => (index === 0 ? RESOURCE_NAMES[kind] : RESOURCE_NAMES[kind].toLowerCase()));
      report.error(
        "resource.not-found",
        { module: module.type, kinds },
        ["flow", module.key, ...field],
        `${names.join(" or ")} "${uuid}" not found on this account`,
      );
    }
  }
}

function warnAboutUnreachableModules(modules: readonly FlowModule[], report: Report): void {
  const starts = modules.flatMap((module, index) => (module.type === "start" ? [index] : []));
  if (starts.length === 0) return;
  const reached = reachableFrom(
    modules.map((module) => module.routes.map((route) => route.to)),
    starts,
  );
  modules.forEach((module, index) => {
    if (!reached[index]) {
      report.warning(
        "module.unreachable",
        { module: module.type },
        ["flow", module.key],
        `Module "${module.key}" (${module.type}) cannot be reached from the start module`,
      );
    }
  });
}

const FALLBACK_WARNINGS: Readonly<Record<(typeof MENU_FALLBACK_BRANCHES)[number], string>> = {
  invalid: 'The menu has no "invalid" route: a caller whose choice has no route has nowhere to go',
  timeout: 'The menu has no "timeout" route: a caller who presses nothing has nowhere to go',
};

function warnAboutMissingFields(modules: readonly FlowModule[], report: Report): void {
  for (const { key, type, fields } of modules) {
    const definition = moduleTypeDefinition(type);
    if (definition.menu && isObject(fields.next)) {
      for (const branch of MENU_FALLBACK_BRANCHES) {
        if (!Object.hasOwn(fields.next, branch)) {
          report.warning(
            branch === "invalid" ? "menu.no-invalid" : "menu.no-timeout",
            { module: type },
            ["flow", key, "next", branch],
            FALLBACK_WARNINGS[branch],
          );
        }
      }
    }
    const expected = definition.expectedField;
    if (expected && !Object.hasOwn(fields, expected.field))
      report.warning(expected.code, {}, ["flow", key, expected.field], expected.message);
  }
}

/** The message for a field a module (or one of its parts) does not have. */
function unknownModuleField(type: ModuleType, fields: ModuleFields, path: FieldPath, key: string): string {
  if (path.length === 0) {
    if (TERMINATING_MODULE_TYPES.has(type) && ROUTE_FIELD_NAMES.has(key)) {
      return `"${key}" is not allowed: ${type} is a terminating module (the call ends there), so it cannot route to another module`;
    }
    return unknownFieldOf(`a ${type} module`, Object.keys(MODULE_SCHEMAS[type].shape), key);
  }
  const definition = moduleTypeDefinition(type);
  if (path.length === 1 && path[0] === "next" && definition.menu) return definition.menu.unknownBranch(key);
  const nested = definition.nestedObject?.(fields, path);
  if (nested) return unknownFieldOf(nested.owner, nested.fields, key);
  return `"${key}" is not a known field here`;
}

function unknownFieldOf(owner: string, allowed: readonly string[], key: string): string {
  return `"${key}" is not a field of ${owner} (its fields are ${allowed.join(", ")})`;
}

class Report {
  private readonly errors: FlowDiagnostic[] = [];
  private readonly warnings: FlowDiagnostic[] = [];

  error<C extends FlowIssueCode>(code: C, params: FlowIssueParams[C], path: FieldPath, message: string): void {
    this.errors.push(diagnostic(code, params, path, message));
  }

  warning<C extends FlowIssueCode>(code: C, params: FlowIssueParams[C], path: FieldPath, message: string): void {
    this.warnings.push(diagnostic(code, params, path, message));
  }

  /** Zod issues as flow issues: one per unknown field, and every message led by the field it
   * is about (zod's messages here are written to follow a field name). A value can fail
   * several checks that share one message (above the maximum and not a safe integer): it is
   * reported once. `fields` is the object the schema checked, a module of type `module` or the
   * settings when `module` is null. */
  schemaIssues(
    base: FieldPath,
    fields: ModuleFields,
    module: ModuleType | null,
    issues: readonly z.core.$ZodIssue[],
    unknownField: (objectPath: FieldPath, key: string) => string,
  ): void {
    const reported = new Set<string>();
    for (const issue of issues) {
      const path = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const routeOnTerminating =
            module !== null && path.length === 0 && TERMINATING_MODULE_TYPES.has(module) && ROUTE_FIELD_NAMES.has(key);
          this.error(
            "field.unknown",
            { module, name: key, routeOnTerminating },
            [...base, ...path, key],
            unknownField(path, key),
          );
        }
        continue;
      }
      const message = path.length > 0 ? `"${path.join(".")}" ${issue.message}` : issue.message;
      const identity = `${formatPath(path)}\n${message}`;
      if (reported.has(identity)) continue;
      reported.add(identity);
      const pattern = issue.code === "custom" ? (issue.params as CallerIdPatternProblem | undefined) : undefined;
      if (pattern?.code === "pattern.invalid")
        this.error("pattern.invalid", { reason: pattern.reason }, [...base, ...path], message);
      else if (pattern?.code === "pattern.unsafe")
        this.error("pattern.unsafe", { hazard: pattern.hazard }, [...base, ...path], message);
      else this.error("field.invalid", { module, missing: valueAt(fields, path) === undefined }, [...base, ...path], message);
    }
  }

  result(): FlowDiagnosis {
    return { errors: this.errors, warnings: this.warnings };
  }
}

function diagnostic<C extends FlowIssueCode>(
  code: C,
  params: FlowIssueParams[C],
  path: FieldPath,
  message: string,
): FlowDiagnostic {
  const inModule = path[0] === "flow" && path.length >= 2;
  return {
    code,
    params,
    path: formatPath(path),
    message,
    moduleKey: inModule ? String(path[1]) : null,
    field: inModule ? path.slice(2) : path,
  } as FlowDiagnostic;
}

function valueAt(fields: ModuleFields, path: FieldPath): unknown {
  let value: unknown = fields;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function formatPath(path: FieldPath): string {
  return path.join(".");
}
