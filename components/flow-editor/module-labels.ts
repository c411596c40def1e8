import { MODULE_REGISTRY, type ModuleType, moduleTypeDefinition, moduleTypeOf } from "@/server/domain/call-flow";
import { moduleNames } from "./issue-messages";

/**
 * What each module is called wherever people read about it: the route pickers, the graph's
 * summary lines and the change views. One place, so a module reads the same everywhere.
 */

type Flow = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A short line under each module in the graph, so the flow reads without opening forms. */
export function summarize(
  type: ModuleType | undefined,
  module: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
): string {
  const name = (value: unknown) => (typeof value === "string" ? (names.get(value) ?? "") : "");
  return type ? (moduleTypeDefinition(type).summary?.(module, name) ?? "") : "";
}

/**
 * Each module's label: its type and summary ("Ring: Pete (201)"), or its name ("Ring 2") where
 * the summary is empty; where two modules would share a label, each gets its name before the
 * summary ("Ring 2: Pete (201)"). `names` names the account's resources by uuid.
 */
export function moduleLabels(
  flow: Flow,
  names: ReadonlyMap<string, string>,
  moduleNamesByKey: ReadonlyMap<string, string> = moduleNames(flow),
): { key: string; label: string }[] {
  const options = Object.entries(flow).map(([key, module]) => {
    const type = moduleTypeOf(module.module);
    const summary = summarize(type, module, names);
    const name = moduleNamesByKey.get(key) ?? "Unknown module";
    return { key, name, summary, label: summary && type ? `${MODULE_REGISTRY[type].label}: ${summary}` : name };
  });
  const uses = new Map<string, number>();
  for (const option of options) uses.set(option.label, (uses.get(option.label) ?? 0) + 1);
  return options.map(({ key, name, summary, label }) => ({
    key,
    label: (uses.get(label) ?? 0) > 1 ? `${name}${summary ? `: ${summary}` : ""}` : label,
  }));
}
