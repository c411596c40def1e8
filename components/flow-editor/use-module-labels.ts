"use client";

import { useMemo } from "react";
import { MODULE_REGISTRY, moduleTypeOf } from "@/server/domain/call-flow";
import { summarize } from "./editor-resources";
import type { FlowDocument } from "./flow-document";
import { useStableValue } from "./stable-references";

/**
 * What each module is called where the user picks one and what the graph writes under it: route
 * pickers' labels ("Ring: Pete (201)") and each module's summary line.
 */
export function useModuleLabels(
  flow: FlowDocument["flow"],
  names: ReadonlyMap<string, string>,
  moduleNamesByKey: ReadonlyMap<string, string>,
) {
  const labelledModules = useMemo(() => {
    // "Ring: Pete (201)"; the module's name ("Ring 2") where the summary is empty or not unique.
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
  }, [flow, names, moduleNamesByKey]);
  // The same list while no label changes, so the route pickers skip redrawing it on each keystroke.
  const moduleOptions = useStableValue(labelledModules);
  const summaries = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(flow).map(([key, module]) => [key, summarize(moduleTypeOf(module.module), module, names)]),
      ),
    [flow, names],
  );
  return { moduleOptions, summaries };
}
