"use client";

import { MarkerType, type Edge, type Node } from "@xyflow/react";
import { useMemo } from "react";
import { MODULE_REGISTRY } from "@/server/domain/call-flow";
import { type GraphStructure, NODE_HEIGHT, NODE_WIDTH } from "./graph-model";
import { routeHandlesOf, type EmptyRouteNodeData, type ModuleNodeData } from "./graph-nodes";
import type { ModulePosition } from "./layout-positions";
import { useStableItems } from "./stable-references";

const ARROW = { type: MarkerType.ArrowClosed };

type Stub = GraphStructure["emptyRoutes"][number] & ModulePosition;

type GraphElementsInput = {
  structure: GraphStructure;
  flow: Readonly<Record<string, unknown>>;
  stubs: readonly Stub[];
  positionOf: (key: string) => ModulePosition;
  names: ReadonlyMap<string, string>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  selectedIds: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  highlightedKeys: ReadonlySet<string>;
};

/** The nodes and edges React Flow draws, each the same object for as long as it draws the same. */
export function useGraphElements({
  structure,
  flow,
  stubs,
  positionOf,
  names,
  summaries,
  statuses,
  selectedKey,
  selectedIds,
  selectedEdges,
  highlightedKeys,
}: GraphElementsInput): { nodes: Node[]; edges: Edge[] } {
  // React Flow re-renders and re-measures every node given as a new object: a node whose
  // position and content are unchanged keeps its object, so an edit redraws only what it changes.
  const drawnNodes = useMemo<Node[]>(() => {
    const modules = structure.modules.map(({ key, type }): Node<ModuleNodeData> => {
      const title = names.get(key) ?? (type ? MODULE_REGISTRY[type].label : "Unknown module");
      const module = flow[key] as Readonly<Record<string, unknown>>;
      return {
        id: key,
        type: "module",
        position: positionOf(key),
        // The graph keeps no measured sizes (it ignores React Flow's dimension changes), so the
        // minimap draws each module at the layout's size rather than not at all.
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        selected: selectedIds.has(key),
        data: {
          title,
          moduleKey: key,
          summary: summaries[key] ?? "",
          status: statuses[key] ?? "ok",
          selected: key === selectedKey,
          highlighted: highlightedKeys.has(key),
          routes: routeHandlesOf(module),
        },
        deletable: false,
        ariaLabel: `${title}${summaries[key] ? `: ${summaries[key]}` : ""}`,
      };
    });
    const stubNodes = stubs.map(
      (route): Node<EmptyRouteNodeData> => ({
        id: route.id,
        type: "emptyRoute",
        position: { x: route.x, y: route.y },
        data: { label: route.label, moduleKey: route.source },
        draggable: false,
        connectable: false,
        deletable: false,
        ariaLabel: `${names.get(route.source) ?? "A module"}: the ${route.label} route leads nowhere yet`,
      }),
    );
    return [...modules, ...stubNodes];
  }, [structure, flow, stubs, positionOf, names, summaries, statuses, selectedKey, selectedIds, highlightedKeys]);
  const nodes = useStableItems(drawnNodes);
  const drawnEdges = useMemo<Edge[]>(
    () => [
      ...structure.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourceHandle,
        target: edge.target,
        targetHandle: "in",
        type: "route",
        label: edge.label || undefined,
        selected: selectedEdges.has(edge.id),
        markerEnd: ARROW,
        // React Flow's own label names the module keys.
        ariaLabel: `From ${names.get(edge.source) ?? "a module"} to ${names.get(edge.target) ?? "a module"}${edge.label ? ` (${edge.label})` : ""}`,
        className:
          highlightedKeys.has(edge.source) && highlightedKeys.has(edge.target)
            ? "[&_path]:!stroke-ok [&_path]:!stroke-3"
            : undefined,
      })),
      ...structure.emptyRoutes.map((route) => ({
        id: `${route.id}-edge`,
        source: route.source,
        sourceHandle: route.sourceHandle,
        target: route.id,
        type: "route",
        label: route.label,
        selectable: false,
        deletable: false,
        focusable: false,
        ariaLabel: `From ${names.get(route.source) ?? "a module"}: ${route.label}, not chosen yet`,
        className: "[&_path]:[stroke-dasharray:6_4]",
      })),
    ],
    [structure, names, highlightedKeys, selectedEdges],
  );
  const edges = useStableItems(drawnEdges);
  return { nodes, edges };
}
