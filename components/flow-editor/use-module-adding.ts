"use client";

import { useMemo } from "react";
import { moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { moduleFieldText } from "./field-labels";
import type { FlowDocument } from "./flow-document";
import { moduleNames } from "./issue-messages";
import { emptyRoutes, finishWithDefaults, routeSlots } from "./routes";
import { useStableHandler } from "./stable-references";
import type { useFlowDocument } from "./use-flow-document";

/**
 * Adding modules from outside the graph, each saying what it did: from a route picker (the new
 * module goes on that route, to be found in the graph), from the add bar (it follows the selected module and
 * opens), and **Finish with defaults** (every empty required route leads to a new Busy tone).
 */
export function useModuleAdding({
  editor,
  moduleNamesByKey,
  selectedKey,
  setSelectedKey,
  setNotice,
}: {
  editor: ReturnType<typeof useFlowDocument>;
  moduleNamesByKey: ReadonlyMap<string, string>;
  selectedKey: string | null;
  setSelectedKey: (key: string) => void;
  setNotice: (notice: string) => void;
}) {
  const { document } = editor;
  const emptyRouteCount = useMemo(
    () => Object.values(document.flow).reduce((count, module) => count + emptyRoutes(module).length, 0),
    [document.flow],
  );

  const { addModule, insertModule } = editor;
  /** A route picker's "New: …": the new module goes on that route, in between when it led somewhere. */
  const addModuleFromPicker = useStableHandler((type: ModuleType, route: { moduleKey: string; field: string }) => {
    const previousTarget = routeSlots(document.flow[route.moduleKey] ?? {}).find(
      (slot) => slot.field.join(".") === route.field,
    )?.target;
    const { key, continuedBy } = insertModule(type, route.moduleKey, route.field.split("."));
    const name = moduleNames({ ...document.flow, [key]: { module: type } }).get(key);
    setNotice(
      continuedBy && previousTarget
        ? `Inserted ${name} before ${moduleNamesByKey.get(previousTarget) ?? "the next module"}: select it in the graph to fill it in.`
        : `Added ${name}: select it in the graph to fill it in.`,
    );
    return key;
  });

  /** The add bar: the new module follows the selected one (see `connectAfter`) and opens. */
  function addAfterSelected(type: ModuleType) {
    const after = selectedKey && document.flow[selectedKey] ? selectedKey : null;
    const { key, via } = addModule(type, after);
    const name = moduleNames({ ...document.flow, [key]: { module: type } }).get(key);
    const afterModule = after ? document.flow[after] : undefined;
    const afterType = moduleTypeOf(afterModule?.module);
    const route = afterModule && afterType && via ? moduleFieldText(afterType, afterModule, via)?.label : undefined;
    setNotice(
      after && route
        ? `Added ${name}: "${route}" of ${moduleNamesByKey.get(after)} now leads to it.`
        : `Added ${name}. Choose it in another module's route to connect it.`,
    );
    setSelectedKey(key);
  }

  function finishRoutes() {
    const finished = finishWithDefaults(document.flow);
    if (finished.busyKey === null) return;
    const busyKey = finished.busyKey;
    editor.setDocument((current) => ({ ...current, flow: finished.flow as FlowDocument["flow"] }));
    const name = moduleNames(finished.flow).get(busyKey);
    setNotice(
      `${finished.filled === 1 ? "1 empty route now leads" : `${finished.filled} empty routes now lead`} to a new ${name}.`,
    );
  }

  return { emptyRouteCount, addModuleFromPicker, addAfterSelected, finishRoutes };
}
