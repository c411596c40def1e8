import { type AccountResources, DEFAULT_EXTENSION_RANGE, RESOURCE_KINDS, type ResourceKind } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import {
  KIND_LABELS,
  type PlaceholderKind,
  placeholderKinds,
  placeholderNameProblem,
  placeholderText,
  RESOURCE_KIND_OF,
  resourceSlots,
  rewriteResourceSlots,
  type TTemplateDocument,
} from "@/server/domain/templates";
import type { ResourceOption, ResourceOptions } from "@/components/flow-editor/editor-context";
import type { EditorResources } from "@/components/flow-editor/editor-resources";
import type { FlowDocument } from "@/components/flow-editor/flow-document";

/**
 * A template in the flow editor. The editor checks and picks resources by id, so each placeholder
 * gets an id of its own while it is edited: the flow names it by that id, as a call flow names a
 * resource, and the editor's rules, pickers and names work unchanged. Saving writes the ids back
 * as "{{Name}}". Renaming a placeholder changes only its row here; the flow keeps its id.
 */

/** A placeholder as edited: its stand-in id in the flow, its name and its kind. */
export type Placeholder = { id: string; name: string; kind: PlaceholderKind };

/** The extension a template's flow carries while edited: templates have none (applying picks one). */
const TEMPLATE_EXTENSION = DEFAULT_EXTENSION_RANGE.min;

/**
 * A template as the editor edits it: its declared placeholders, then any the flow uses without
 * declaring (with the first kind their field takes), each with the id `idFor` gives its name,
 * and the flow naming them by those ids.
 */
export function editableTemplate(
  template: { name?: unknown; flow?: unknown; placeholders?: unknown },
  idFor: (name: string) => string,
): { document: FlowDocument; placeholders: Placeholder[] } {
  const placeholders: Placeholder[] = [...placeholderKinds(template.placeholders)].map(([name, kind]) => ({
    id: idFor(name),
    name,
    kind,
  }));
  for (const slot of resourceSlots(template.flow)) {
    const [kind] = slot.kinds;
    if (slot.placeholder === null || kind === undefined || placeholders.some((p) => p.name === slot.placeholder)) continue;
    placeholders.push({ id: idFor(slot.placeholder), name: slot.placeholder, kind });
  }
  const idOf = new Map(placeholders.map((placeholder) => [placeholder.name, placeholder.id]));
  const flow = rewriteResourceSlots(isObject(template.flow) ? template.flow : {}, (slot) =>
    slot.placeholder === null ? undefined : idOf.get(slot.placeholder),
  ) as FlowDocument["flow"];
  const name = typeof template.name === "string" ? template.name : "";
  return { document: { name, extension: TEMPLATE_EXTENSION, flow }, placeholders };
}

/** The template to save: the flow naming each placeholder as "{{Name}}", and their declarations. */
export function templateDocument(document: FlowDocument, placeholders: readonly Placeholder[]): TTemplateDocument {
  const byId = new Map(placeholders.map((placeholder) => [placeholder.id, placeholder]));
  const flow = rewriteResourceSlots(document.flow, (slot) => {
    const placeholder = byId.get(slot.value);
    return placeholder ? placeholderText(placeholder.name) : undefined;
  }) as TTemplateDocument["flow"];
  return {
    name: document.name,
    flow,
    placeholders: Object.fromEntries(placeholders.map((placeholder) => [placeholder.name, { kind: placeholder.kind }])),
  };
}

/** "Reception (SIP user placeholder)": how pickers, the graph and the steps name a placeholder. */
export function placeholderLabel(placeholder: Placeholder): string {
  return `${placeholder.name} (${KIND_LABELS[placeholder.kind]} placeholder)`;
}

/** The placeholders as the editor's resources: each is a resource of its kind. */
export function placeholderResources(placeholders: readonly Placeholder[]): EditorResources {
  const resources = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, new Set<string>()])) as Record<
    ResourceKind,
    Set<string>
  >;
  const options = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, [] as ResourceOption[]])) as ResourceOptions;
  const names = new Map<string, string>();
  for (const placeholder of placeholders) {
    const kind = RESOURCE_KIND_OF[placeholder.kind];
    resources[kind].add(placeholder.id);
    options[kind].push({ id: placeholder.id, label: placeholderLabel(placeholder) });
    names.set(placeholder.id, placeholderLabel(placeholder));
  }
  return { resources: resources as AccountResources, options, names };
}

/** The ids of the placeholders the flow uses. */
export function usedPlaceholderIds(flow: FlowDocument["flow"]): ReadonlySet<string> {
  return new Set(resourceSlots(flow).map((slot) => slot.value));
}

/** Why `name` cannot name a placeholder among `others`, as a sentence; null when it can. */
export function placeholderNameIssue(name: string, others: readonly Placeholder[]): string | null {
  const problem = placeholderNameProblem(name);
  if (problem) return `The placeholder name ${problem}.`;
  if (others.some((other) => other.name === name)) return `The template already has a placeholder named "${name}".`;
  return null;
}
