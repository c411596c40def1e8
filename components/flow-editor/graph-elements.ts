"use client";

import { MarkerType, type Edge, type Node } from "@xyflow/react";
import { useMemo } from "react";
import { MODULE_REGISTRY } from "@/server/domain/call-flow";
import { type GraphStructure, HANDLE_REACH, NODE_HEIGHT, NODE_WIDTH, routeHandleAlong } from "./graph-model";
import { menuKeysOf, routeHandlesOf, type EmptyRouteNodeData, type ModuleNodeData, type RouteEdgeData } from "./graph-nodes";
import type { GraphOverlay } from "./graph-overlay";
import type { Box } from "./graph-viewport";
import type { ModulePosition } from "./layout-positions";
import { placeRouteLabels, type LabelledRoute } from "./route-labels";
import { useStableItems } from "./stable-references";

const ARROW = { type: MarkerType.ArrowClosed };

type Stub = GraphStructure["emptyRoutes"][number] & ModulePosition;

type GraphElementsInput = {
  /** Where the modules and the empty routes' stubs are drawn: what useGraphLayout gives. */
  layout: {
    structure: GraphStructure;
    stubs: readonly Stub[];
    positionOf: (key: string) => ModulePosition;
    /** Every node's place and size. */
    boxes: ReadonlyMap<string, Box>;
  };
  flow: Readonly<Record<string, unknown>>;
  names: ReadonlyMap<string, string>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  selectedIds: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  highlightedKeys: ReadonlySet<string>;
  /** Calls drawn over the graph, if any: every route then shows how many took it. */
  overlay: GraphOverlay | null;
};

/** The nodes and edges React Flow draws, each the same object for as long as it draws the same. */
export function useGraphElements({
  layout: { structure, stubs, positionOf, boxes },
  flow,
  names,
  summaries,
  statuses,
  selectedKey,
  selectedIds,
  selectedEdges,
  highlightedKeys,
  overlay,
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
          keys: menuKeysOf(module),
          status: statuses[key] ?? "ok",
          selected: key === selectedKey,
          highlighted: highlightedKeys.has(key),
          routes: routeHandlesOf(module),
          overlay: overlay?.modules.get(key),
        },
        deletable: false,
        ariaLabel: [title, summaries[key], overlay?.modules.get(key)?.text].filter(Boolean).join(": "),
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
  }, [structure, flow, stubs, positionOf, names, summaries, statuses, selectedKey, selectedIds, highlightedKeys, overlay]);
  const nodes = useStableItems(drawnNodes);
  const labels = useMemo(() => routeLabelsOf(structure, flow, boxes, overlay), [structure, flow, boxes, overlay]);
  const drawnEdges = useMemo<Edge<RouteEdgeData>[]>(
    () => [
      ...structure.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourceHandle,
        target: edge.target,
        targetHandle: "in",
        type: "route",
        data: { label: labels.get(edge.id), insertable: !overlay },
        selected: selectedEdges.has(edge.id),
        ...(overlay ? heatDrawing(overlay.routes.get(edge.id)?.heat ?? 0) : { markerEnd: ARROW }),
        // React Flow's own label names the module keys.
        ariaLabel: `From ${names.get(edge.source) ?? "a module"} to ${names.get(edge.target) ?? "a module"}${routeNote(edge.label, overlay?.routes.get(edge.id)?.text)}`,
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
        data: { label: labels.get(`${route.id}-edge`) },
        selectable: false,
        deletable: false,
        focusable: false,
        ariaLabel: `From ${names.get(route.source) ?? "a module"}: ${route.label}, not chosen yet`,
        className: "[&_path]:[stroke-dasharray:6_4]",
      })),
    ],
    [structure, names, highlightedKeys, selectedEdges, labels, overlay],
  );
  const edges = useStableItems(drawnEdges);
  return { nodes, edges };
}

/**
 * Every labelled route's label placed (see route-labels.ts), from where the layout draws each
 * node: a route leaves its module at its own handle and enters its target at the top middle.
 */
function routeLabelsOf(
  structure: GraphStructure,
  flow: Readonly<Record<string, unknown>>,
  boxes: ReadonlyMap<string, Box>,
  overlay: GraphOverlay | null,
) {
  const handles = new Map<string, string[]>();
  const handleOf = (source: string, handle: string): (Box & { along: number }) | null => {
    let ids = handles.get(source);
    if (!ids) {
      ids = routeHandlesOf(flow[source] as Readonly<Record<string, unknown>>).map((route) => route.id);
      handles.set(source, ids);
    }
    const box = boxes.get(source);
    const index = ids.indexOf(handle);
    return box && index >= 0 ? { ...box, along: routeHandleAlong(index, ids.length) } : null;
  };
  const routes: LabelledRoute[] = [];
  const add = (id: string, source: string, handle: string, target: string, label: string) => {
    const from = handleOf(source, handle);
    const to = boxes.get(target);
    if (!label || !from || !to) return;
    routes.push({
      id,
      source,
      target,
      label,
      from: { x: from.x + from.along * from.width, y: from.y + from.height + HANDLE_REACH },
      to: { x: to.x + to.width / 2, y: to.y - HANDLE_REACH },
    });
  };
  for (const edge of structure.edges) {
    const figure = overlay?.routes.get(edge.id)?.text;
    add(
      edge.id,
      edge.source,
      edge.sourceHandle,
      edge.target,
      figure ? [edge.label, figure].filter(Boolean).join(" ") : edge.label,
    );
  }
  for (const route of structure.emptyRoutes) add(`${route.id}-edge`, route.source, route.sourceHandle, route.id, route.label);
  return placeRouteLabels(routes, [...boxes.values()]);
}

/**
 * A route drawn by its share of callers: thicker and darker the more took it, faint and dashed
 * when none did. Its arrow keeps one size: React Flow scales a marker with its line's width.
 */
function heatDrawing(heat: number): Pick<Edge, "style" | "markerEnd"> {
  const share = Math.min(1, Math.max(0, heat));
  const width = share === 0 ? 1 : 1.5 + share * 6;
  // The design's border-strong and accent colours, written out: React Flow names each marker
  // after its colour, and a var() in that name breaks the marker's url(#…).
  const colour = share === 0 ? "#8aa0bf" : "#1f5fbf";
  const arrow = 18 / width;
  return {
    style:
      share === 0
        ? { stroke: colour, strokeWidth: width, strokeDasharray: "4 4" }
        : { stroke: colour, strokeWidth: width, strokeOpacity: 0.45 + share * 0.55 },
    markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: arrow, height: arrow },
  };
}

/** What a route's accessible name adds to "From A to B": its label and its figure, if any ("(1, 42%)"). */
function routeNote(label: string, figure: string | undefined): string {
  const note = [label, figure].filter(Boolean).join(", ");
  return note ? ` (${note})` : "";
}
