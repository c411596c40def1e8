"use client";

import { useMemo } from "react";
import { moduleTypeOf } from "@/server/domain/call-flow";
import type { FlowDocument } from "./flow-document";
import { moduleLabels, summarize } from "./module-labels";
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
  const labelledModules = useMemo(() => moduleLabels(flow, names, moduleNamesByKey), [flow, names, moduleNamesByKey]);
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
