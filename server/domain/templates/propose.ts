import { isUuid } from "../call-flow/modules";
import { NO_CONTROL_CHARACTERS } from "../text";
import {
  KIND_LABELS,
  PLACEHOLDER_NAME_MAX_LENGTH,
  type PlaceholderKind,
  placeholderText,
  rewriteResourceSlots,
  resourceSlots,
} from "./placeholders";
import type { TTemplatePlaceholders } from "./template";

/** Looks up a resource of the flow's account: its name, or undefined when there is none. */
export type ResourceNameLookup = (kind: PlaceholderKind, id: string) => string | undefined;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A resource name as a placeholder name: what cannot be in one is dropped. */
function asPlaceholderName(name: string): string {
  const characters = [...name].filter(
    (character) => NO_CONTROL_CHARACTERS.check(character) && character !== "{" && character !== "}",
  );
  return characters.join("").replace(/\s+/g, " ").trim().slice(0, PLACEHOLDER_NAME_MAX_LENGTH).trim();
}

/**
 * A template proposed from a flow: each resource the flow uses becomes a placeholder named after
 * the resource ("Reception"), so applying the template to a customer whose resources carry the
 * same names binds them all by name. The same resource used twice is one placeholder; two
 * resources of one name get the kind added ("Reception (hunt group)"). A uuid naming nothing on
 * the account still becomes a placeholder, named after its kind.
 */
export function proposeTemplate(
  flow: unknown,
  nameOf: ResourceNameLookup,
): { flow: unknown; placeholders: TTemplatePlaceholders } {
  const placeholders: TTemplatePlaceholders = {};
  const nameOfResource = new Map<string, string>();
  const taken = (name: string) => Object.hasOwn(placeholders, name);
  const claim = (resourceName: string, kind: PlaceholderKind): string => {
    const base = asPlaceholderName(resourceName) || capitalized(KIND_LABELS[kind]);
    const candidates = base === resourceName.trim() ? [base, `${base} (${KIND_LABELS[kind]})`] : [base];
    let name = candidates.find((candidate) => !taken(candidate));
    for (let n = 2; name === undefined; n++) if (!taken(`${base} ${n}`)) name = `${base} ${n}`;
    placeholders[name] = { kind };
    return name;
  };
  for (const slot of resourceSlots(flow)) {
    if (!isUuid(slot.value)) continue;
    const id = slot.value.toLowerCase();
    const found = slot.kinds.map((kind) => ({ kind, name: nameOf(kind, id) })).find((match) => match.name !== undefined);
    const kind = found?.kind ?? slot.kinds[0]!;
    const identity = `${kind}:${id}`;
    if (nameOfResource.has(identity)) continue;
    nameOfResource.set(identity, claim(found?.name ?? "", kind));
  }
  const rewritten = rewriteResourceSlots(flow, (slot) => {
    if (!isUuid(slot.value)) return undefined;
    const id = slot.value.toLowerCase();
    const name = slot.kinds.map((kind) => nameOfResource.get(`${kind}:${id}`)).find((found) => found !== undefined);
    return name === undefined ? undefined : placeholderText(name);
  });
  return { flow: rewritten, placeholders };
}
