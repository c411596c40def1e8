import { DEFAULT_EXTENSION_RANGE } from "../call-flow/extensions";
import { ZCallFlowName } from "../call-flow/document";
import { type AccountResources, RESOURCE_KINDS, type ResourceKind } from "../call-flow/references";
import { type FlowIssue, type ValidationResult, validateCallFlow } from "../call-flow/validate";
import { isObject } from "../json";
import {
  isPlaceholderKind,
  KIND_LABELS,
  literalResources,
  MAX_PLACEHOLDERS,
  misplacedPlaceholders,
  PLACEHOLDER_KINDS,
  type PlaceholderKind,
  placeholderNameProblem,
  placeholderText,
  RESOURCE_KIND_OF,
  resourceSlots,
  substitutePlaceholders,
} from "./placeholders";

/** A placeholder's declaration, as the REST API and the stored template carry it. */
export type TPlaceholderDeclaration = { kind: PlaceholderKind };
export type TTemplatePlaceholders = Record<string, TPlaceholderDeclaration>;

/** A template as clients send it: the flow map may name resources as "{{Placeholder}}". */
export type TTemplateDocument = { name: string; flow: Record<string, unknown>; placeholders: TTemplatePlaceholders };

const TEMPLATE_FIELDS = ["name", "flow", "placeholders"];

const KIND_LIST = PLACEHOLDER_KINDS.join(", ");

/** The placeholders of a template that passed `checkTemplate`, name to kind (in declaration order). */
export function placeholderKinds(placeholders: unknown): Map<string, PlaceholderKind> {
  const kinds = new Map<string, PlaceholderKind>();
  if (!isObject(placeholders)) return kinds;
  for (const [name, declaration] of Object.entries(placeholders)) {
    if (isObject(declaration) && isPlaceholderKind(declaration.kind)) kinds.set(name, declaration.kind);
  }
  return kinds;
}

function labelsOf(kinds: readonly PlaceholderKind[]): string {
  return kinds.map((kind) => KIND_LABELS[kind]).join(" or ");
}

function declarationIssues(placeholders: unknown): FlowIssue[] {
  if (placeholders === undefined) return [];
  if (!isObject(placeholders)) {
    return [
      {
        path: "placeholders",
        message: `"placeholders" must be an object mapping each placeholder's name to its kind, e.g. {"Reception": {"kind": "sipuser"}}`,
      },
    ];
  }
  const issues: FlowIssue[] = [];
  const names = Object.keys(placeholders);
  if (names.length > MAX_PLACEHOLDERS) {
    issues.push({ path: "placeholders", message: `"placeholders" may declare at most ${MAX_PLACEHOLDERS} placeholders` });
  }
  for (const [name, declaration] of Object.entries(placeholders)) {
    const path = `placeholders.${name}`;
    const problem = placeholderNameProblem(name);
    if (problem) issues.push({ path, message: `The placeholder name "${name}" ${problem}` });
    if (!isObject(declaration)) {
      issues.push({ path, message: `"${name}" must be an object with its "kind" (${KIND_LIST})` });
      continue;
    }
    if (!isPlaceholderKind(declaration.kind)) {
      issues.push({ path: `${path}.kind`, message: `"kind" of "${name}" must be one of ${KIND_LIST}` });
    }
    for (const field of Object.keys(declaration).filter((field) => field !== "kind")) {
      issues.push({ path: `${path}.${field}`, message: `"${field}" is not a field of a placeholder (only "kind")` });
    }
  }
  return issues;
}

/** Where a placeholder of the flow map is used against what `placeholders` declares. */
function usageIssues(flow: Record<string, unknown>, declared: Map<string, PlaceholderKind>, placeholders: unknown): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const used = new Set<string>();
  for (const slot of resourceSlots(flow)) {
    if (slot.placeholder === null) continue;
    const path = ["flow", ...slot.path].join(".");
    used.add(slot.placeholder);
    const kind = declared.get(slot.placeholder);
    if (kind === undefined) {
      const isDeclaredBadly = isObject(placeholders) && Object.hasOwn(placeholders, slot.placeholder);
      if (!isDeclaredBadly) {
        issues.push({ path, message: `"${placeholderText(slot.placeholder)}" is not declared in "placeholders"` });
      }
    } else if (!slot.kinds.includes(kind)) {
      issues.push({
        path,
        message: `The placeholder "${slot.placeholder}" is a ${KIND_LABELS[kind]}, but this field takes a ${labelsOf(slot.kinds)}`,
      });
    }
  }
  for (const slot of literalResources(flow)) {
    issues.push({
      path: ["flow", ...slot.path].join("."),
      message: `must be a placeholder such as "{{Reception}}", not a uuid: a template cannot name one account's ${labelsOf(slot.kinds)}`,
    });
  }
  for (const path of misplacedPlaceholders(flow)) {
    issues.push({
      path: ["flow", ...path].join("."),
      message: `A placeholder can only stand for a resource (a ${labelsOf([...PLACEHOLDER_KINDS])}), not here`,
    });
  }
  for (const name of declared.keys()) {
    if (!used.has(name))
      issues.push({ path: `placeholders.${name}`, message: `The placeholder "${name}" is not used in the flow` });
  }
  return issues;
}

/** A uuid standing for the n-th placeholder while the flow's structure is checked. */
function standIn(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}

/**
 * The flow's own rules (routes, one start, loops, fields of each module…), checked with every
 * placeholder standing for a resource of its kind, so only the template's structure is judged.
 */
function structureResult(flow: Record<string, unknown>, declared: Map<string, PlaceholderKind>): ValidationResult {
  const bindings: Record<string, string> = {};
  const resources = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, new Set<string>()])) as Record<
    ResourceKind,
    Set<string>
  >;
  const placeholderOf = new Map<string, string>();
  [...declared].forEach(([name, kind], index) => {
    bindings[name] = standIn(index);
    placeholderOf.set(bindings[name]!, placeholderText(name));
    resources[RESOURCE_KIND_OF[kind]].add(bindings[name]!);
  });
  const document = { name: "Template", extension: DEFAULT_EXTENSION_RANGE.min, flow: substitutePlaceholders(flow, bindings) };
  const result = validateCallFlow(document, {
    resources: resources as AccountResources,
    extensionRange: DEFAULT_EXTENSION_RANGE,
  });
  // A message quoting a stand-in names the placeholder the template wrote instead.
  const reword = (issue: FlowIssue) => ({
    ...issue,
    message: issue.message.replace(/0{8}-0{4}-4000-8000-[0-9a-f]{12}/g, (id) => placeholderOf.get(id) ?? id),
  });
  return { errors: result.errors.map(reword), warnings: result.warnings.map(reword) };
}

/**
 * Everything wrong with a template, field by field: its name, its placeholders' declarations,
 * every use of a placeholder (declared, and of a kind the field takes), no literal resource
 * uuids, and the flow's own rules. Warnings are the flow's. Never throws; pure.
 */
export function checkTemplate(input: unknown): ValidationResult {
  if (!isObject(input)) {
    return {
      errors: [{ path: "", message: "The template must be a JSON object with name, flow and placeholders" }],
      warnings: [],
    };
  }
  const errors: FlowIssue[] = [];
  for (const field of Object.keys(input).filter((field) => !TEMPLATE_FIELDS.includes(field))) {
    errors.push({ path: field, message: `"${field}" is not a field of a template (name, flow, placeholders)` });
  }
  const name = ZCallFlowName.safeParse(input.name);
  if (!name.success) errors.push({ path: "name", message: `"name" ${name.error.issues[0]!.message}` });
  errors.push(...declarationIssues(input.placeholders));
  const declared = placeholderKinds(input.placeholders);
  if (!isObject(input.flow)) {
    const message = '"flow" must be an object mapping module keys to modules, as in a call flow';
    return {
      errors: [...errors, { path: "flow", message: input.flow === undefined ? `${message}; it is required` : message }],
      warnings: [],
    };
  }
  errors.push(...usageIssues(input.flow, declared, input.placeholders));
  const structure = structureResult(input.flow, declared);
  const reported = new Set(errors.map((issue) => issue.path));
  errors.push(...structure.errors.filter((issue) => issue.path.startsWith("flow") && !reported.has(issue.path)));
  return { errors, warnings: structure.warnings };
}
