"use client";

import {
  Background,
  ControlButton,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useEffect, useMemo, useRef, type RefObject } from "react";
import {
  EMPTY_ROUTE_HEIGHT,
  EMPTY_ROUTE_WIDTH,
  graphStructure,
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  sameStructure,
  type GraphStructure,
} from "./graph-model";

type ModuleNodeData = {
  title: string;
  moduleKey: string;
  summary: string;
  status: "ok" | "warning" | "error";
  selected: boolean;
  highlighted: boolean;
};

const ModuleNode = memo(function ModuleNode({ data }: NodeProps<Node<ModuleNodeData>>) {
  const classes = ["flow-node", `flow-node-${data.status}`];
  if (data.selected) classes.push("flow-node-selected");
  if (data.highlighted) classes.push("flow-node-highlighted");
  return (
    <div className={classes.join(" ")} data-testid={`node-${data.moduleKey}`}>
      <Handle type="target" position={Position.Top} />
      <strong>{data.title}</strong>
      <span className="flow-node-summary">{data.summary}</span>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

type EmptyRouteNodeData = { label: string; moduleKey: string };

/** A route that leads nowhere yet: a dashed stub under its module, so none goes unnoticed. */
const EmptyRouteNode = memo(function EmptyRouteNode({ data }: NodeProps<Node<EmptyRouteNodeData>>) {
  return (
    <div className="flow-node-empty-route" data-testid={`empty-route-${data.moduleKey}`}>
      <Handle type="target" position={Position.Top} />
      Not chosen yet
    </div>
  );
});

const NODE_TYPES = { module: ModuleNode, emptyRoute: EmptyRouteNode };

/** Below this zoom the node titles (0.85 rem) drop under about 10 px and stop being legible:
 * a long flow scrolls instead of shrinking further. */
export const MIN_ZOOM = 0.75;
const MAX_ZOOM = 1.5;
const FIT_PADDING = 24;

type Box = { x: number; y: number; width: number; height: number };

/**
 * The view that fits the flow at a legible zoom, centred on the selected module: the whole flow
 * when it fits (then centred as a whole), else as much of it as fits around the selection.
 * Computed from the layout, which knows every node's size, so it never waits for measurements.
 */
function viewportAround(boxes: readonly Box[], selected: Box | undefined, view: { width: number; height: number }) {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  const fit = Math.min((view.width - 2 * FIT_PADDING) / (right - left), (view.height - 2 * FIT_PADDING) / (bottom - top));
  const zoom = Math.min(1, Math.max(MIN_ZOOM, fit));
  // Per axis: the selection's centre, moved no further than needed to keep the flow's edge at
  // the view's edge; a flow narrower than the view is centred as a whole.
  const centre = (from: number, to: number, at: number, size: number) => {
    const half = size / 2 / zoom - FIT_PADDING / zoom;
    if (to - from <= 2 * half) return (from + to) / 2;
    return Math.min(Math.max(at, from + half), to - half);
  };
  const focus = selected ?? { x: left, y: top, width: 0, height: 0 };
  const x = centre(left, right, focus.x + focus.width / 2, view.width);
  const y = centre(top, bottom, focus.y + focus.height / 2, view.height);
  return { x: view.width / 2 - x * zoom, y: view.height / 2 - y * zoom, zoom };
}

/**
 * Fits the view when the graph opens and whenever modules come or go (a module added from a
 * route picker or the add bar lands wherever the layout ranks it, while the editor asks the
 * user to find it in the graph), and brings a module selected elsewhere (the issues panel) into
 * view. The controls' fit button does the same fit.
 */
function useViewport(boxes: ReadonlyMap<string, Box>, moduleKeys: string, selectedKey: string | null, container: RefObject<HTMLDivElement | null>) {
  const { setViewport, getViewport } = useReactFlow();
  const fit = useCallback(() => {
    const view = container.current?.getBoundingClientRect();
    if (!view || view.width === 0 || boxes.size === 0) return;
    void setViewport(viewportAround([...boxes.values()], selectedKey ? boxes.get(selectedKey) : undefined, view));
  }, [boxes, selectedKey, container, setViewport]);
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (fitted.current === moduleKeys) return;
    fitted.current = moduleKeys;
    fit();
  }, [moduleKeys, fit]);
  useEffect(() => {
    const box = selectedKey ? boxes.get(selectedKey) : undefined;
    const view = container.current?.getBoundingClientRect();
    if (!box || !view) return;
    const { x, y, zoom } = getViewport();
    const inView = box.x * zoom + x >= 0 && box.y * zoom + y >= 0 && (box.x + box.width) * zoom + x <= view.width && (box.y + box.height) * zoom + y <= view.height;
    if (!inView) void setViewport({ x: view.width / 2 - (box.x + box.width / 2) * zoom, y: view.height / 2 - (box.y + box.height / 2) * zoom, zoom });
    // Only a change of selection moves the view; edits and re-layouts do not.
  }, [selectedKey]);
  return fit;
}

export type FlowGraphProps = {
  flow: Readonly<Record<string, unknown>>;
  /** Each module's name in the editor ("Caller ID match 2"). */
  names: ReadonlyMap<string, string>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  highlightedKeys: ReadonlySet<string>;
  onSelect: (key: string) => void;
};

/**
 * The flow's modules and routes, as the same object for as long as they stay the same. Most
 * edits change a field (a sound, a duration), not the graph, and must not pay for a new layout:
 * dagre takes about a tenth of a second for a few hundred modules.
 */
function useGraphStructure(flow: Readonly<Record<string, unknown>>): GraphStructure {
  const previous = useRef<GraphStructure | null>(null);
  return useMemo(() => {
    const next = graphStructure(flow);
    if (previous.current && sameStructure(previous.current, next)) return previous.current;
    previous.current = next;
    return next;
  }, [flow]);
}

function sameNode(a: Node<ModuleNodeData>, b: Node<ModuleNodeData>): boolean {
  const same = <T extends object>(x: T, y: T) => (Object.keys(x) as (keyof T)[]).every((key) => x[key] === y[key]);
  return a.position.x === b.position.x && a.position.y === b.position.y && a.ariaLabel === b.ariaLabel && same(a.data, b.data);
}

/** The flow drawn as a graph, laid out automatically; clicking a module opens its form. */
export function FlowGraph(props: FlowGraphProps) {
  // The viewport hooks need React Flow's context, which the provider gives the whole graph.
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

function Graph({ flow, names, summaries, statuses, selectedKey, highlightedKeys, onSelect }: FlowGraphProps) {
  const structure = useGraphStructure(flow);
  const layout = useMemo(() => layoutGraph(structure), [structure]);
  const moduleKeys = useMemo(() => structure.modules.map((module) => module.key).join("\n"), [structure]);
  const boxes = useMemo(
    () =>
      new Map<string, Box>([
        ...layout.nodes.map((node) => [node.key, { x: node.x, y: node.y, width: NODE_WIDTH, height: NODE_HEIGHT }] as const),
        ...layout.emptyRoutes.map((route) => [route.id, { x: route.x, y: route.y, width: EMPTY_ROUTE_WIDTH, height: EMPTY_ROUTE_HEIGHT }] as const),
      ]),
    [layout],
  );
  const container = useRef<HTMLDivElement>(null);
  const fit = useViewport(boxes, moduleKeys, selectedKey, container);
  // React Flow re-renders and re-measures every node given as a new object: a node whose
  // position and content are unchanged keeps its object, so an edit redraws only what it changes.
  const previousNodes = useRef(new Map<string, Node<ModuleNodeData>>());
  const nodes = useMemo<Node[]>(() => {
    const next = layout.nodes.map((node): Node<ModuleNodeData> => {
      const title = names.get(node.key) ?? node.title;
      const drawn: Node<ModuleNodeData> = {
        id: node.key,
        type: "module",
        position: { x: node.x, y: node.y },
        data: {
          title,
          moduleKey: node.key,
          summary: summaries[node.key] ?? "",
          status: statuses[node.key] ?? "ok",
          selected: node.key === selectedKey,
          highlighted: highlightedKeys.has(node.key),
        },
        draggable: false,
        connectable: false,
        ariaLabel: `${title}${summaries[node.key] ? `: ${summaries[node.key]}` : ""}`,
      };
      const previous = previousNodes.current.get(node.key);
      return previous && sameNode(previous, drawn) ? previous : drawn;
    });
    previousNodes.current = new Map(next.map((node) => [node.id, node]));
    const stubs = layout.emptyRoutes.map(
      (route): Node<EmptyRouteNodeData> => ({
        id: route.id,
        type: "emptyRoute",
        position: { x: route.x, y: route.y },
        data: { label: route.label, moduleKey: route.source },
        draggable: false,
        connectable: false,
        ariaLabel: `${names.get(route.source) ?? "A module"}: the ${route.label} route leads nowhere yet`,
      }),
    );
    return [...next, ...stubs];
  }, [layout, names, summaries, statuses, selectedKey, highlightedKeys]);
  const edges = useMemo<Edge[]>(
    () => [
      ...layout.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label || undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        // React Flow's own label names the module keys.
        ariaLabel: `From ${names.get(edge.source) ?? "a module"} to ${names.get(edge.target) ?? "a module"}${edge.label ? ` (${edge.label})` : ""}`,
        className: highlightedKeys.has(edge.source) && highlightedKeys.has(edge.target) ? "flow-edge-highlighted" : undefined,
      })),
      ...layout.emptyRoutes.map((route) => ({
        id: `${route.id}-edge`,
        source: route.source,
        target: route.id,
        label: route.label,
        ariaLabel: `From ${names.get(route.source) ?? "a module"}: ${route.label}, not chosen yet`,
        className: "flow-edge-empty-route",
      })),
    ],
    [layout, names, highlightedKeys],
  );
  const stubOwner = useMemo(() => new Map(layout.emptyRoutes.map((route) => [route.id, route.source])), [layout]);
  return (
    <div className="flow-graph" data-testid="flow-graph" ref={container}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        // Selection changes come from a click and from Enter or Space on a focused node, so the
        // graph opens a module's form from the keyboard too (React Flow announces those keys).
        // An empty route's stub opens the form of the module it belongs to.
        onNodesChange={(changes) => {
          for (const change of changes) if (change.type === "select" && change.selected) onSelect(stubOwner.get(change.id) ?? change.id);
        }}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        // The wheel scrolls a long flow (Ctrl or pinch still zooms), down to a legible size only.
        panOnScroll
        zoomOnScroll={false}
        nodesDraggable={false}
        nodesConnectable={false}
      >
        <Background />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={fit} title="Fit to view" aria-label="Fit to view">
            <svg viewBox="0 0 32 30" aria-hidden="true">
              <path d="M3.7 11.8V3.7h8.1V0H0v11.8h3.7zM20.2 0v3.7h8.1v8.1H32V0H20.2zM28.3 26.3h-8.1V30H32V18.2h-3.7v8.1zM3.7 18.2H0V30h11.8v-3.7H3.7v-8.1z" />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
