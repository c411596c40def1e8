"use client";

import {
  Background,
  BaseEdge,
  ControlButton,
  Controls,
  getBezierPath,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type EdgeProps,
  type FinalConnectionState,
  type Node,
  type NodeChange,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import {
  createContext,
  memo,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type RefObject,
} from "react";
import { MODULE_REGISTRY, moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { moduleFieldText } from "./field-labels";
import type { GraphEditing, RouteRef } from "./graph-editing";
import {
  EMPTY_ROUTE_HEIGHT,
  EMPTY_ROUTE_WIDTH,
  graphStructure,
  NODE_HEIGHT,
  NODE_WIDTH,
  routeHandleId,
  routeLabel,
  sameStructure,
  type GraphStructure,
} from "./graph-model";
import { GraphToolbar, MODULE_TYPE_MIME, type HistoryControls } from "./graph-toolbar";
import type { ModulePosition } from "./layout-positions";
import { ModuleTypePicker } from "./module-type-picker";
import { routeSlots } from "./routes";
import { useStableHandler, useStableItems } from "./stable-references";
import { useModuleClipboard } from "./use-module-clipboard";

/** A route's handle: its id (`next`, `next.1`) and its name in people's words ("key 1"). */
type RouteHandle = { id: string; label: string };

type ModuleNodeData = {
  title: string;
  moduleKey: string;
  summary: string;
  status: "ok" | "warning" | "error";
  selected: boolean;
  highlighted: boolean;
  routes: readonly RouteHandle[];
};

/** What a route handle does from the keyboard: open the module's picker for that route. */
const RouteKeyContext = createContext<(route: RouteRef) => void>(() => undefined);

function handleName(field: readonly string[]): string {
  const label = routeLabel(field);
  if (field.length === 2 && /^\d+$/.test(label)) return `key ${label}`;
  return label || "next";
}

/** Each route gets a handle of its own along the bottom edge, in form order. */
function routeHandlesOf(module: Readonly<Record<string, unknown>>): RouteHandle[] {
  return routeSlots(module).map((slot) => ({ id: routeHandleId(slot.field), label: handleName(slot.field) }));
}

const ModuleNode = memo(function ModuleNode({ data }: NodeProps<Node<ModuleNodeData>>) {
  const openRoute = useContext(RouteKeyContext);
  const classes = ["flow-node", `flow-node-${data.status}`];
  if (data.selected) classes.push("flow-node-selected");
  if (data.highlighted) classes.push("flow-node-highlighted");
  const onRouteKey = (event: KeyboardEvent, handle: string) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    // The node would take Enter as "select me"; the handle means "choose where this route goes".
    event.preventDefault();
    event.stopPropagation();
    openRoute({ source: data.moduleKey, handle });
  };
  return (
    <div className={classes.join(" ")} data-testid={`node-${data.moduleKey}`}>
      <Handle type="target" position={Position.Top} id="in" role="img" aria-label={`Way into ${data.title}`} />
      <strong>{data.title}</strong>
      <span className="flow-node-summary">{data.summary}</span>
      {data.routes.map((route, index) => (
        <Handle
          key={route.id}
          type="source"
          position={Position.Bottom}
          id={route.id}
          className="flow-route-handle"
          style={{ left: `${((index + 1) / (data.routes.length + 1)) * 100}%` }}
          role="button"
          tabIndex={0}
          aria-label={`Route '${route.label}' of ${data.title}`}
          title={route.label}
          data-testid={`route-${data.moduleKey}-${route.id}`}
          onKeyDown={(event) => onRouteKey(event, route.id)}
        />
      ))}
    </div>
  );
});

type EmptyRouteNodeData = { label: string; moduleKey: string };

/** A route that leads nowhere yet: a dashed stub under its module, so none goes unnoticed. */
const EmptyRouteNode = memo(function EmptyRouteNode({ data }: NodeProps<Node<EmptyRouteNodeData>>) {
  return (
    <div className="flow-node-empty-route" data-testid={`empty-route-${data.moduleKey}`}>
      <Handle
        type="target"
        position={Position.Top}
        role="img"
        aria-label={`The ${data.label} route, not chosen yet`}
        isConnectable={false}
      />
      Not chosen yet
    </div>
  );
});

const NODE_TYPES = { module: ModuleNode, emptyRoute: EmptyRouteNode };

/**
 * A route's line with its label written at its middle. React Flow's own label measures its text
 * to fit a background box behind it, a layout read per labelled edge that takes a 300-module flow
 * a good part of a second to open; this label needs no box (its white outline keeps it legible
 * over the line), so nothing is measured.
 */
const RouteEdge = memo(function RouteEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  label,
  markerEnd,
  style,
  interactionWidth,
}: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      {label ? (
        <text x={labelX} y={labelY} className="flow-edge-label" textAnchor="middle" dominantBaseline="central">
          {label}
        </text>
      ) : null}
    </>
  );
});

const EDGE_TYPES = { route: RouteEdge };
const ARROW = { type: MarkerType.ArrowClosed };
const DELETE_KEYS = ["Delete", "Backspace"];
// Shift-click adds a module to the selection, as Shift-drag selects an area.
const MULTI_SELECTION_KEYS = ["Shift", "Meta", "Control"];
const AREA_SELECTION_KEY = "Shift";
// Ctrl (Cmd on a Mac) with the wheel zooms, the wheel alone scrolling.
const ZOOM_KEYS = ["Meta", "Control"];

/**
 * Whether the pointer or the focus is in the graph. React Flow watches its modifier keys on the
 * whole window, and each press and release of Shift or Ctrl updates its store and redraws its
 * pane: Shift+Ctrl+Z in a module's form would pay for four of them. Outside the graph they mean
 * nothing to it, so it watches them only while the graph is in use.
 */
function useGraphInUse() {
  const [pointerIn, setPointerIn] = useState(false);
  const [focusIn, setFocusIn] = useState(false);
  const handlers = useMemo(
    () => ({
      onPointerEnter: () => setPointerIn(true),
      onPointerLeave: () => setPointerIn(false),
      onFocus: () => setFocusIn(true),
      onBlur: (event: FocusEvent<HTMLElement>) => {
        // Focus moving between the graph's own nodes and handles stays in it.
        if (!event.relatedTarget || !event.currentTarget.contains(event.relatedTarget)) setFocusIn(false);
      },
    }),
    [],
  );
  return { inUse: pointerIn || focusIn, handlers };
}

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
function useViewport(
  boxes: ReadonlyMap<string, Box>,
  moduleKeys: string,
  selectedKey: string | null,
  container: RefObject<HTMLDivElement | null>,
) {
  const { setViewport, getViewport } = useReactFlow();
  const fitToView = useCallback(() => {
    const view = container.current?.getBoundingClientRect();
    if (!view || view.width === 0 || boxes.size === 0) return;
    void setViewport(viewportAround([...boxes.values()], selectedKey ? boxes.get(selectedKey) : undefined, view));
  }, [boxes, selectedKey, container, setViewport]);
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (fitted.current === moduleKeys) return;
    fitted.current = moduleKeys;
    fitToView();
  }, [moduleKeys, fitToView]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of selection moves the view.
  useEffect(() => {
    const box = selectedKey ? boxes.get(selectedKey) : undefined;
    const view = container.current?.getBoundingClientRect();
    if (!box || !view) return;
    const { x, y, zoom } = getViewport();
    const inView =
      box.x * zoom + x >= 0 &&
      box.y * zoom + y >= 0 &&
      (box.x + box.width) * zoom + x <= view.width &&
      (box.y + box.height) * zoom + y <= view.height;
    if (!inView)
      void setViewport({
        x: view.width / 2 - (box.x + box.width / 2) * zoom,
        y: view.height / 2 - (box.y + box.height / 2) * zoom,
        zoom,
      });
    // Only a change of selection moves the view; edits and re-layouts do not.
  }, [selectedKey]);
  return fitToView;
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
  /** Changes made in the graph itself: dragging, connecting, adding, pasting. */
  editing: GraphEditing;
  history: HistoryControls;
  /** Tells the user what a graph action did ("Pasted 2 modules"). */
  onNotice: (message: string) => void;
  /** Why the module positions could not be saved, if they could not. */
  layoutProblem: string | null;
};

/**
 * The flow's modules and routes, as the same object for as long as they stay the same. Most
 * edits change a field (a sound, a duration), not the graph, and must not redraw its edges.
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

const STUB_GAP = 10;
const STUB_DROP = 50;

/** Where an empty route's stub goes: in a row under its module, in route order. */
function stubPosition(module: ModulePosition, index: number, count: number): ModulePosition {
  const row = count * EMPTY_ROUTE_WIDTH + (count - 1) * STUB_GAP;
  return { x: module.x + (NODE_WIDTH - row) / 2 + index * (EMPTY_ROUTE_WIDTH + STUB_GAP), y: module.y + NODE_HEIGHT + STUB_DROP };
}

/** Moves focus to the picker of a route in the module's form, once that form is shown. */
function focusRoutePicker(
  moduleKey: string,
  type: ModuleType,
  module: Readonly<Record<string, unknown>>,
  field: readonly string[],
) {
  const label = moduleFieldText(type, module, field)?.label;
  let frames = 0;
  const attempt = () => {
    const form = document.querySelector(`form[data-module-key="${CSS.escape(moduleKey)}"]`);
    const target = [...(form?.querySelectorAll("label") ?? [])].find((element) => element.textContent === label);
    const field = target?.htmlFor ? document.getElementById(target.htmlFor) : null;
    if (field) field.focus();
    else if (frames++ < 30) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/** The flow drawn as a graph; clicking a module opens its form. */
export function FlowGraph(props: FlowGraphProps) {
  // The viewport hooks need React Flow's context, which the provider gives the whole graph.
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

type PendingDrop = { at: ModulePosition; screen: { x: number; y: number }; from?: RouteRef };

function Graph({
  flow,
  names,
  summaries,
  statuses,
  selectedKey,
  highlightedKeys,
  onSelect,
  editing,
  history,
  onNotice,
  layoutProblem,
}: FlowGraphProps) {
  const structure = useGraphStructure(flow);
  const { screenToFlowPosition, getViewport } = useReactFlow();
  // Where modules are while being dragged; they land in the editor's state (one undo step) on release.
  const [dragged, setDragged] = useState<Readonly<Record<string, ModulePosition>>>({});
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [pendingDrop, setPendingDrop] = useState<PendingDrop | null>(null);
  const { positions } = editing;
  const positionOf = useCallback(
    (key: string): ModulePosition => dragged[key] ?? positions[key] ?? { x: 0, y: 0 },
    [dragged, positions],
  );
  const moduleKeys = useMemo(() => structure.modules.map((module) => module.key).join("\n"), [structure]);
  const stubs = useMemo(() => {
    const bySource = new Map<string, typeof structure.emptyRoutes>();
    for (const route of structure.emptyRoutes) bySource.set(route.source, [...(bySource.get(route.source) ?? []), route]);
    return structure.emptyRoutes.map((route) => {
      const siblings = bySource.get(route.source) ?? [route];
      return { ...route, ...stubPosition(positionOf(route.source), siblings.indexOf(route), siblings.length) };
    });
  }, [structure, positionOf]);
  const boxes = useMemo(
    () =>
      new Map<string, Box>([
        ...structure.modules.map(
          (module) => [module.key, { ...positionOf(module.key), width: NODE_WIDTH, height: NODE_HEIGHT }] as const,
        ),
        ...stubs.map(
          (route) => [route.id, { x: route.x, y: route.y, width: EMPTY_ROUTE_WIDTH, height: EMPTY_ROUTE_HEIGHT }] as const,
        ),
      ]),
    [structure, stubs, positionOf],
  );
  const container = useRef<HTMLDivElement>(null);
  const graphUse = useGraphInUse();
  const fitToView = useViewport(boxes, moduleKeys, selectedKey, container);
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
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
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
        className: highlightedKeys.has(edge.source) && highlightedKeys.has(edge.target) ? "flow-edge-highlighted" : undefined,
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
        className: "flow-edge-empty-route",
      })),
    ],
    [structure, names, highlightedKeys, selectedEdges],
  );
  const edges = useStableItems(drawnEdges);
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

  function connectTo(route: RouteRef, target: string) {
    if (!isModule(target)) return;
    editing.connect(route, target);
    onNotice(
      `${names.get(route.source) ?? "The module"}'s ${handleLabel(route)} route now leads to ${names.get(target) ?? "the module"}.`,
    );
  }

  function handleLabel(route: RouteRef): string {
    return handleName(route.handle.split("."));
  }

  /** A route dropped on a module's body (not only its small entry handle) connects there; dropped
   * on empty canvas, it asks which module to add there. */
  const onConnectEnd = useStableHandler((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode || !state.fromHandle?.id || state.fromHandle.type !== "source") return;
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const from = { source: state.fromNode.id, handle: state.fromHandle.id };
    const under = document.elementFromPoint(point.clientX, point.clientY);
    const node = under?.closest<HTMLElement>(".react-flow__node-module");
    if (node?.dataset.id) {
      connectTo(from, node.dataset.id);
      return;
    }
    if (under?.closest(".react-flow__pane")) openPicker(point.clientX, point.clientY, from);
  });

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
        ? `Added a ${name}: ${names.get(from.source) ?? "the module"}'s ${handleLabel(from)} route leads to it.`
        : `Added a ${name}.`,
    );
  }

  /** The middle of what the graph shows, where a module added from the palette by keyboard goes. */
  function viewCentre(): ModulePosition {
    const box = container.current?.getBoundingClientRect();
    const { x, y, zoom } = getViewport();
    if (!box) return { x: 0, y: 0 };
    return { x: (box.width / 2 - x) / zoom - NODE_WIDTH / 2, y: (box.height / 2 - y) / zoom - NODE_HEIGHT / 2 };
  }

  function onDrop(event: DragEvent) {
    const type = event.dataTransfer.getData(MODULE_TYPE_MIME) as ModuleType;
    if (!type || !(type in MODULE_REGISTRY)) return;
    event.preventDefault();
    const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addAt(type, { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
  }

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

  // Every module node reads it from context: a new function would redraw them all.
  const openRoute = useStableHandler((route: RouteRef) => {
    const module = flow[route.source] as Readonly<Record<string, unknown>> | undefined;
    const type = moduleTypeOf(module?.module);
    if (!module || !type) return;
    onSelect(route.source);
    focusRoutePicker(route.source, type, module, route.handle.split("."));
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
  const onEdgesDelete = useStableHandler((deleted: Edge[]) => {
    const routes = deleted.flatMap((edge) => (edge.sourceHandle ? [{ source: edge.source, handle: edge.sourceHandle }] : []));
    editing.clearRoutes(routes);
    onNotice(
      routes.length === 1 ? "The route now leads nowhere: choose where it goes." : `${routes.length} routes now lead nowhere.`,
    );
  });
  const onConnect = useStableHandler((connection: Connection) => {
    if (connection.sourceHandle) connectTo({ source: connection.source, handle: connection.sourceHandle }, connection.target);
  });
  const isValidConnection = useStableHandler((connection: Edge | Connection) => isModule(connection.target));

  return (
    <div className="flow-graph-area">
      <GraphToolbar
        history={history}
        onAutoLayout={() => {
          editing.autoLayout();
          onNotice("Laid out automatically.");
        }}
        onCopy={clipboard.copy}
        onPaste={clipboard.paste}
        onAddModule={(type) => addAt(type, viewCentre())}
      />
      {layoutProblem ? <p className="form-error">{layoutProblem}</p> : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the palette, whose buttons add modules by keyboard. */}
      <div
        className="flow-graph"
        data-testid="flow-graph"
        ref={container}
        {...graphUse.handlers}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(MODULE_TYPE_MIME)) event.preventDefault();
        }}
        onDrop={onDrop}
      >
        <RouteKeyContext.Provider value={openRoute}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            // Every prop stays the same object while it means the same: React Flow copies each
            // changed one into its store, which re-runs every node's and edge's selectors.
            onNodesChange={onNodesChange}
            onNodeClick={onNodeClick}
            onEdgesChange={onEdgesChange}
            onEdgesDelete={onEdgesDelete}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            deleteKeyCode={DELETE_KEYS}
            multiSelectionKeyCode={graphUse.inUse ? MULTI_SELECTION_KEYS : null}
            selectionKeyCode={graphUse.inUse ? AREA_SELECTION_KEY : null}
            zoomActivationKeyCode={graphUse.inUse ? ZOOM_KEYS : null}
            minZoom={MIN_ZOOM}
            maxZoom={MAX_ZOOM}
            // The wheel scrolls a long flow (Ctrl or pinch still zooms), down to a legible size only.
            panOnScroll
            zoomOnScroll={false}
          >
            <Background />
            <MiniMap pannable zoomable ariaLabel="Overview of the whole flow" />
            <Controls showInteractive={false} showFitView={false}>
              <ControlButton onClick={fitToView} title="Fit to view" aria-label="Fit to view">
                <svg viewBox="0 0 32 30" aria-hidden="true">
                  <path d="M3.7 11.8V3.7h8.1V0H0v11.8h3.7zM20.2 0v3.7h8.1v8.1H32V0H20.2zM28.3 26.3h-8.1V30H32V18.2h-3.7v8.1zM3.7 18.2H0V30h11.8v-3.7H3.7v-8.1z" />
                </svg>
              </ControlButton>
            </Controls>
          </ReactFlow>
        </RouteKeyContext.Provider>
        {pendingDrop ? (
          <ModuleTypePicker
            at={pendingDrop.screen}
            onChoose={(type) => {
              addAt(type, pendingDrop.at, pendingDrop.from);
              setPendingDrop(null);
            }}
            onCancel={() => setPendingDrop(null)}
          />
        ) : null}
      </div>
    </div>
  );
}
