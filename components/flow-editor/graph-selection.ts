"use client";

import type { EdgeChange, Node, NodeChange } from "@xyflow/react";
import { useCallback, useMemo, useState, type Dispatch, type MouseEvent as ReactMouseEvent, type SetStateAction } from "react";
import type { GraphEditing } from "./graph-editing";
import type { GraphStructure } from "./graph-model";
import type { ModulePosition } from "./layout-positions";
import { useStableHandler } from "./stable-references";
import { useModuleClipboard } from "./use-module-clipboard";

type SelectionInput = {
  flow: Readonly<Record<string, unknown>>;
  structure: GraphStructure;
  onSelect: (key: string) => void;
  editing: GraphEditing;
  dragged: Readonly<Record<string, ModulePosition>>;
  setDragged: Dispatch<SetStateAction<Readonly<Record<string, ModulePosition>>>>;
};

/**
 * What is selected in the graph (modules for copying, routes for deleting) and the changes React
 * Flow reports from the mouse and keyboard: selecting opens a module's form, dragging moves a
 * module live and lands it on release.
 */
export function useGraphSelection({ flow, structure, onSelect, editing, dragged, setDragged }: SelectionInput) {
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const stubOwner = useMemo(() => new Map(structure.emptyRoutes.map((route) => [route.id, route.source])), [structure]);
  const isModule = useCallback((id: string | null | undefined) => typeof id === "string" && id in flow, [flow]);

  const onNodesChange = useStableHandler((changes: NodeChange[]) => {
    const moving: Record<string, ModulePosition> = {};
    const landed: Record<string, ModulePosition> = {};
    let selection: Set<string> | null = null;
    for (const change of changes) {
      // Selection changes come from a click and from Enter or Space on a focused node, so the
      // graph opens a module's form from the keyboard too (React Flow announces those keys).
      // An empty route's stub opens the form of the module it belongs to.
      if (change.type === "select") {
        selection ??= new Set(selectedIds);
        if (change.selected && isModule(change.id)) selection.add(change.id);
        else selection.delete(change.id);
        if (change.selected) onSelect(stubOwner.get(change.id) ?? change.id);
      }
      // Dragging with the mouse moves a module live and lands it on release; the arrow keys
      // move a selected module a step at a time, each step landing at once.
      if (change.type === "position" && isModule(change.id)) {
        const at = change.position ?? dragged[change.id];
        if (!at) continue;
        if (change.dragging) moving[change.id] = at;
        else landed[change.id] = at;
      }
    }
    if (selection) setSelectedIds(selection);
    if (Object.keys(moving).length > 0) setDragged((current) => ({ ...current, ...moving }));
    if (Object.keys(landed).length > 0) {
      editing.move(landed);
      setDragged((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in landed))));
    }
  });
  // A click on a module React Flow already counts as selected changes no selection,
  // yet its form may have been replaced meanwhile (the add bar, a route picker).
  const onNodeClick = useStableHandler((event: ReactMouseEvent, node: Node) => {
    if (!event.shiftKey) onSelect(stubOwner.get(node.id) ?? node.id);
  });
  const onEdgesChange = useStableHandler((changes: EdgeChange[]) => {
    const next = new Set(selectedEdges);
    for (const change of changes) if (change.type === "select") change.selected ? next.add(change.id) : next.delete(change.id);
    setSelectedEdges(next);
  });
  return { selectedIds, setSelectedIds, selectedEdges, isModule, onNodesChange, onNodeClick, onEdgesChange };
}

/** Copy and paste of modules: the selected ones (or the one whose form is open) are copied, and
 * what is pasted becomes the selection. */
export function useGraphClipboard({
  editing,
  selectedIds,
  setSelectedIds,
  selectedKey,
  onSelect,
  onNotice,
}: {
  editing: GraphEditing;
  selectedIds: ReadonlySet<string>;
  setSelectedIds: (ids: ReadonlySet<string>) => void;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onNotice: (message: string) => void;
}) {
  const copyKeys = useCallback(
    () => (selectedIds.size > 0 ? [...selectedIds] : selectedKey ? [selectedKey] : []),
    [selectedIds, selectedKey],
  );
  const clipboard = useModuleClipboard({
    copyText: () => editing.copy(copyKeys()),
    paste: (text) => {
      const pasted = editing.paste(text);
      if (!pasted) {
        onNotice("The clipboard holds no modules to paste.");
        return;
      }
      const [first] = pasted.keys;
      if (first) onSelect(first);
      setSelectedIds(new Set(pasted.keys));
      const count = pasted.keys.length === 1 ? "1 module" : `${pasted.keys.length} modules`;
      const notes = [
        pasted.skippedStart ? "Start is never pasted: a flow has one" : null,
        pasted.resourcesCleared ? "their sounds, users and other resources belong to another account and were left out" : null,
      ].filter(Boolean);
      onNotice(`Pasted ${count}${notes.length > 0 ? `; ${notes.join("; ")}` : ""}.`);
    },
    onNotice,
  });
  return clipboard;
}
