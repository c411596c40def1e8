import { moduleTypeDefinition, moduleTypeOf } from "@/server/domain/call-flow";
import { resourceReferences } from "@/server/domain/call-flow/references";
import type { FlowPositions, ModulePosition } from "./layout-positions";
import { isOptionalField, routeSlots, withoutRoute, withRoute } from "./routes";

/**
 * Modules on the clipboard, as JSON, so they can be pasted into this flow, another flow, or
 * another tab. The account travels with them: their resources (sounds, users, mailboxes…) mean
 * something only on that account.
 */
export const CLIPBOARD_FORMAT = "call-flow-portal/modules";

type Module = Record<string, unknown>;

type ModulesOnClipboard = {
  format: typeof CLIPBOARD_FORMAT;
  accountId: string;
  modules: Record<string, Module>;
  positions: Record<string, ModulePosition>;
};

/** How far a paste lands from where the copies were, so it never hides them. */
export const PASTE_OFFSET = 40;

export function copiedModules(
  flow: Readonly<Record<string, Module>>,
  keys: Iterable<string>,
  positions: FlowPositions,
  accountId: string,
): ModulesOnClipboard | null {
  const modules: Record<string, Module> = {};
  const copiedPositions: Record<string, ModulePosition> = {};
  for (const key of keys) {
    const module = flow[key];
    if (!module) continue;
    modules[key] = module;
    const position = positions[key];
    if (position) copiedPositions[key] = position;
  }
  if (Object.keys(modules).length === 0) return null;
  return { format: CLIPBOARD_FORMAT, accountId, modules, positions: copiedPositions };
}

/** The modules in clipboard text, or null for anything else (plain text, another app's JSON). */
export function modulesOnClipboard(text: string): ModulesOnClipboard | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const candidate = parsed as Partial<ModulesOnClipboard>;
  if (candidate.format !== CLIPBOARD_FORMAT || typeof candidate.accountId !== "string") return null;
  if (typeof candidate.modules !== "object" || candidate.modules === null || Array.isArray(candidate.modules)) return null;
  const modules = Object.fromEntries(
    Object.entries(candidate.modules).filter(
      ([, module]) => typeof module === "object" && module !== null && !Array.isArray(module),
    ),
  ) as Record<string, Module>;
  const positions: Record<string, ModulePosition> = {};
  for (const [key, position] of Object.entries(candidate.positions ?? {})) {
    if (Number.isFinite(position?.x) && Number.isFinite(position?.y)) positions[key] = { x: position.x, y: position.y };
  }
  return { format: CLIPBOARD_FORMAT, accountId: candidate.accountId, modules, positions };
}

/** A field emptied: an optional one goes, a required one stays to be filled in. */
function withoutField(module: Module, field: string): Module {
  const type = moduleTypeOf(module.module);
  if (type && isOptionalField(type, field)) {
    const { [field]: _gone, ...rest } = module;
    return rest;
  }
  return { ...module, [field]: Array.isArray(module[field]) ? [] : "" };
}

/** A module's account resources removed, for a paste into another account. */
function withoutResources(module: Module): Module {
  const type = moduleTypeOf(module.module);
  if (!type) return module;
  let result = module;
  for (const reference of resourceReferences(type, module)) {
    const [field, index] = reference.field;
    if (field === "extensions" && typeof index === "number" && Array.isArray(result.extensions)) {
      const targets = [...(result.extensions as Module[])];
      targets[index] = { ...targets[index], uuid: "" };
      result = { ...result, extensions: targets };
    } else if (typeof field === "string" && field in result) {
      result = withoutField(result, field);
    }
  }
  return result;
}

type PastedModules = {
  modules: Record<string, Module>;
  positions: Record<string, ModulePosition>;
  /** Start modules on the clipboard, left out: a flow has exactly one. */
  skippedStart: boolean;
  /** Whether resources were removed because the modules came from another account. */
  resourcesCleared: boolean;
};

/**
 * The clipboard's modules ready to add to a flow of `accountId`: each under a fresh key, routes
 * between them pointing at their new keys, routes to modules left behind cleared, and resources
 * kept only on the account they belong to.
 */
export function pastedModules(clipboard: ModulesOnClipboard, accountId: string, freshKey: () => string): PastedModules {
  const entries = Object.entries(clipboard.modules);
  const kept = entries.filter(([, module]) => moduleTypeOf(module.module) !== "start");
  const newKeys = new Map(kept.map(([key]) => [key, freshKey()] as const));
  const sameAccount = clipboard.accountId === accountId;
  const modules: Record<string, Module> = {};
  const positions: Record<string, ModulePosition> = {};
  for (const [oldKey, original] of kept) {
    let module: Module = structuredClone(original);
    const type = moduleTypeOf(module.module);
    const notModules = type ? moduleTypeDefinition(type).routeValuesNotModules : undefined;
    for (const slot of routeSlots(module)) {
      if (slot.target === "" || (slot.field.length === 1 && notModules?.[slot.field[0] ?? ""] === slot.target)) continue;
      const target = newKeys.get(slot.target);
      module = target ? withRoute(module, slot.field, target) : withoutRoute(module, slot.field);
    }
    if (!sameAccount) module = withoutResources(module);
    const key = newKeys.get(oldKey) as string;
    modules[key] = module;
    const position = clipboard.positions[oldKey];
    if (position) positions[key] = { x: position.x + PASTE_OFFSET, y: position.y + PASTE_OFFSET };
  }
  return { modules, positions, skippedStart: kept.length < entries.length, resourcesCleared: !sameAccount };
}
