import type { FlowIssue } from "../call-flow/validate";
import { KIND_LABELS, KIND_PLURALS, type PlaceholderKind } from "./placeholders";

/** A resource of the customer a template is applied to, as binding sees it. */
export type NamedResource = { id: string; name: string };

/** The customer's resources that binding needs, by kind: those named like a placeholder, and those chosen. */
export type CandidateResources = Readonly<Record<PlaceholderKind, readonly NamedResource[]>>;

/** How a placeholder got its resource: chosen by hand, or matched by name. */
export type BindingSource = "chosen" | "name";

export interface PlaceholderBinding {
  placeholder: string;
  kind: PlaceholderKind;
  /** Null while the placeholder has no resource: `errors` says why. */
  resource: NamedResource | null;
  source: BindingSource | null;
  /** The customer's resources of the kind sharing the placeholder's name, when more than one does. */
  namesakes: NamedResource[];
}

export interface BindingResult {
  /** Placeholder name to resource uuid, for every bound placeholder. */
  bindings: Record<string, string>;
  details: PlaceholderBinding[];
  /** One per placeholder left unbound or chosen wrongly, at `bindings.<placeholder>`. */
  errors: FlowIssue[];
}

/** Resource names match ignoring case (and nothing else: "Reception 2" is another resource). */
export function sameName(a: string, b: string): boolean {
  return a.toLocaleLowerCase("en") === b.toLocaleLowerCase("en");
}

/**
 * Binds every placeholder to one of the customer's resources of its kind: the one chosen by
 * hand, else the only one with the placeholder's name. A choice that is not among the
 * customer's resources of that kind is "not found", whoever owns it; no match, or several, asks
 * for a choice. Pure: `resources` holds what the caller loaded for this customer.
 */
export function bindPlaceholders(
  placeholders: ReadonlyMap<string, PlaceholderKind>,
  chosen: Readonly<Record<string, string>>,
  resources: CandidateResources,
): BindingResult {
  const result: BindingResult = { bindings: {}, details: [], errors: [] };
  for (const name of Object.keys(chosen)) {
    if (!placeholders.has(name))
      result.errors.push({ path: `bindings.${name}`, message: `"${name}" is not a placeholder of this template` });
  }
  for (const [placeholder, kind] of placeholders) {
    const label = KIND_LABELS[kind];
    const path = `bindings.${placeholder}`;
    const detail: PlaceholderBinding = { placeholder, kind, resource: null, source: null, namesakes: [] };
    result.details.push(detail);
    const choice = chosen[placeholder];
    if (choice !== undefined) {
      const resource = resources[kind].find((candidate) => candidate.id.toLowerCase() === choice.toLowerCase());
      if (resource) Object.assign(detail, { resource, source: "chosen" });
      else result.errors.push({ path, message: `The ${label} chosen for "${placeholder}" was not found on this account` });
    } else {
      const namesakes = resources[kind].filter((candidate) => sameName(candidate.name, placeholder));
      if (namesakes.length === 1) Object.assign(detail, { resource: namesakes[0], source: "name" });
      else if (namesakes.length === 0) {
        result.errors.push({ path, message: `No ${label} is named "${placeholder}" on this account: choose one for it` });
      } else {
        detail.namesakes = namesakes;
        result.errors.push({
          path,
          message: `${namesakes.length} ${KIND_PLURALS[kind]} are named "${placeholder}" on this account: choose one of them`,
        });
      }
    }
    if (detail.resource) result.bindings[placeholder] = detail.resource.id;
  }
  return result;
}
