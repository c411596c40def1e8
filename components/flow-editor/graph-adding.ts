"use client";

import { useReactFlow } from "@xyflow/react";
import { useState, type DragEvent, type RefObject } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import type { GraphEditing, RouteRef } from "./graph-editing";
import { NODE_HEIGHT, NODE_WIDTH } from "./graph-model";
import { routeName } from "./graph-nodes";
import { MODULE_TYPE_MIME } from "./graph-toolbar";
import type { ModulePosition } from "./layout-positions";

type PendingDrop = { at: ModulePosition; screen: { x: number; y: number }; from?: RouteRef };

/**
 * Adding modules in the graph: dropped from the palette, or at the end of a route dragged onto
 * empty canvas, which first asks which type (`pendingDrop` is that question, while open).
 */
export function useGraphAdding({
  editing,
  names,
  onSelect,
  onNotice,
  container,
}: {
  editing: GraphEditing;
  names: ReadonlyMap<string, string>;
  onSelect: (key: string) => void;
  onNotice: (message: string) => void;
  container: RefObject<HTMLDivElement | null>;
}) {
  const { screenToFlowPosition } = useReactFlow();
  const [pendingDrop, setPendingDrop] = useState<PendingDrop | null>(null);

  function openPicker(clientX: number, clientY: number, from?: RouteRef) {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    const at = screenToFlowPosition({ x: clientX, y: clientY });
    setPendingDrop({ at: { x: at.x - NODE_WIDTH / 2, y: at.y }, screen: { x: clientX - box.left, y: clientY - box.top }, from });
  }

  function addAt(type: ModuleType, at: ModulePosition, from?: RouteRef) {
    const key = editing.addModuleAt(type, at, from);
    onSelect(key);
    const name = MODULE_REGISTRY[type].label;
    onNotice(
      from
        ? `Added a ${name}: ${names.get(from.source) ?? "the module"}'s ${routeName(from)} route leads to it.`
        : `Added a ${name}.`,
    );
  }

  function onDrop(event: DragEvent) {
    const type = event.dataTransfer.getData(MODULE_TYPE_MIME) as ModuleType;
    if (!type || !(type in MODULE_REGISTRY)) return;
    event.preventDefault();
    const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addAt(type, { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
  }

  return { pendingDrop, setPendingDrop, openPicker, addAt, onDrop };
}
