"use client";

import { useReactFlow } from "@xyflow/react";
import { useState, type DragEvent, type RefObject } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import type { GraphEditing, RouteRef } from "./graph-editing";
import { NODE_HEIGHT, NODE_WIDTH } from "./graph-model";
import { routeName } from "./graph-nodes";
import { MODULE_TYPE_MIME } from "./graph-toolbar";
import type { ModulePosition } from "./layout-positions";

/** A route between two modules, on which a module is to be inserted. */
type RouteBetween = RouteRef & { target: string };
/** About how much room the type picker takes. */
const PICKER_WIDTH = 260;
const PICKER_HEIGHT = 150;

type PendingDrop = { at: ModulePosition; screen: { x: number; y: number }; from?: RouteRef; between?: RouteBetween };

/**
 * Adding modules in the graph: dropped from the palette, at the end of a route dragged onto
 * empty canvas, or inserted on a route ("Insert a step here"); the last two first ask which type
 * (`pendingDrop` is that question, while open).
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

  /** Asks, below the route's insert button, which module to insert on the route. */
  function openInsert(clientX: number, clientY: number, between: RouteBetween) {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    // Kept inside the graph, where the question is drawn.
    const screen = {
      x: Math.max(0, Math.min(clientX - box.left, box.width - PICKER_WIDTH)),
      y: Math.max(0, Math.min(clientY - box.top, box.height - PICKER_HEIGHT)),
    };
    setPendingDrop({ at: { x: 0, y: 0 }, screen, between });
  }

  function insertOn(type: ModuleType, between: RouteBetween) {
    const key = editing.insertOn(between, type);
    onSelect(key);
    onNotice(
      `Inserted a ${MODULE_REGISTRY[type].label} between ${names.get(between.source) ?? "the module"} and ${names.get(between.target) ?? "the module"}.`,
    );
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

  return { pendingDrop, setPendingDrop, openPicker, openInsert, insertOn, addAt, onDrop };
}
