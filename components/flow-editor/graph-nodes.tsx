"use client";

import {
  BaseEdge,
  ControlButton,
  EdgeToolbar,
  Handle,
  Position,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import { Plus } from "lucide-react";
import { createContext, memo, useContext, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { moduleTypeDefinition, moduleTypeOf } from "@/server/domain/call-flow";
import type { RouteRef } from "./graph-editing";
import { routeHandleAlong, routeHandleId, routeLabel } from "./graph-model";
import { curvePath, labelWidth, LABEL_HEIGHT, pointOnCurve, routeCurve, type PlacedLabel } from "./route-labels";
import { cn } from "@/components/ui/cn";
import type { ModuleOverlay } from "./graph-overlay";
import { routeSlots } from "./routes";

/* The graph's node and edge components: a module with a handle per route, an empty route's stub,
 * and a route's line. React Flow draws them from `NODE_TYPES` and `EDGE_TYPES`. */

/** A route's handle: its id (`next`, `next.1`) and its name in people's words ("key 1"). */
type RouteHandle = { id: string; label: string };

export type ModuleNodeData = {
  title: string;
  moduleKey: string;
  summary: string;
  /** A menu's choices, in the order the form lists them ("1 · 2 · invalid · timeout"); "" for other modules. */
  keys: string;
  status: "ok" | "warning" | "error";
  selected: boolean;
  highlighted: boolean;
  routes: readonly RouteHandle[];
  /** Figures drawn over the module (see graph-overlay.ts), when the graph shows calls. */
  overlay?: ModuleOverlay;
};

/** What a route handle does from the keyboard: open the module's picker for that route. */
export const RouteKeyContext = createContext<(route: RouteRef) => void>(() => undefined);

function handleName(field: readonly string[]): string {
  const label = routeLabel(field);
  if (field.length === 2 && /^\d+$/.test(label)) return `key ${label}`;
  return label || "next";
}

/** A route's name in people's words, from its handle ("key 1", "timeout"). */
export function routeName(route: RouteRef): string {
  return handleName(route.handle.split("."));
}

/** Each route gets a handle of its own along the bottom edge, in form order. */
export function routeHandlesOf(module: Readonly<Record<string, unknown>>): RouteHandle[] {
  return routeSlots(module).map((slot) => ({ id: routeHandleId(slot.field), label: handleName(slot.field) }));
}

/** A menu module's choices as its node lists them: "1 · 2 · invalid · timeout". */
export function menuKeysOf(module: Readonly<Record<string, unknown>>): string {
  const type = moduleTypeOf(module.module);
  if (!type || !moduleTypeDefinition(type).menu || typeof module.next !== "object" || module.next === null) return "";
  return Object.keys(module.next).join(" · ");
}

const ModuleNode = memo(function ModuleNode({ data }: NodeProps<Node<ModuleNodeData>>) {
  const openRoute = useContext(RouteKeyContext);
  const onRouteKey = (event: KeyboardEvent, handle: string) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    // The node would take Enter as "select me"; the handle means "choose where this route goes".
    event.preventDefault();
    event.stopPropagation();
    openRoute({ source: data.moduleKey, handle });
  };
  return (
    <div
      className={cn(
        "flex h-[72px] w-[220px] cursor-pointer flex-col overflow-hidden rounded-lg border-2 border-border-strong bg-white px-2.5 py-1 text-sm",
        data.status === "error" && "border-danger",
        data.status === "warning" && "border-warning-border",
        data.selected && "shadow-[0_0_0_3px_var(--color-accent)]",
        // The marker class names the lit path for the Test call's checks.
        data.highlighted && "flow-node-highlighted bg-ok-soft",
        data.overlay && "flow-node-overlaid",
      )}
      style={data.overlay ? { backgroundColor: heatTint(data.overlay.heat) } : undefined}
      data-testid={`node-${data.moduleKey}`}
    >
      <Handle type="target" position={Position.Top} id="in" role="img" aria-label={`Way into ${data.title}`} />
      <strong className="truncate">{data.title}</strong>
      <span className="truncate text-xs text-muted">{data.summary}</span>
      {data.overlay ? (
        <span className="truncate text-xs font-semibold" data-testid={`overlay-${data.moduleKey}`}>
          {data.overlay.text}
        </span>
      ) : data.keys ? (
        <span className="truncate text-xs text-muted" data-testid={`keys-${data.moduleKey}`}>
          Keys: {data.keys}
        </span>
      ) : null}
      {data.routes.map((route, index) => (
        <Handle
          key={route.id}
          type="source"
          position={Position.Bottom}
          id={route.id}
          className="bg-accent"
          style={{ left: `${routeHandleAlong(index, data.routes.length) * 100}%` }}
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

/**
 * A module's tint for its heat: white when cold, the accent's soft blue half way, a light amber
 * when hot; light enough everywhere for the node's dark text to keep its contrast.
 */
function heatTint(heat: number): string {
  const share = Math.round(Math.min(1, Math.max(0, heat)) * 100);
  return share <= 50
    ? `color-mix(in srgb, var(--color-accent-soft) ${share * 2}%, var(--color-surface))`
    : `color-mix(in srgb, #ffd98a ${(share - 50) * 2}%, var(--color-accent-soft))`;
}

export type EmptyRouteNodeData = { label: string; moduleKey: string };

/** A route that leads nowhere yet: a dashed stub under its module, so none goes unnoticed. */
const EmptyRouteNode = memo(function EmptyRouteNode({ data }: NodeProps<Node<EmptyRouteNodeData>>) {
  return (
    <div
      className="flow-node-empty-route flex min-h-9 w-[140px] cursor-pointer items-center justify-center rounded-lg border-2 border-dashed border-danger bg-danger-soft text-xs text-danger"
      data-testid={`empty-route-${data.moduleKey}`}
    >
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

export const NODE_TYPES = { module: ModuleNode, emptyRoute: EmptyRouteNode };

/** What "Insert a step here" on a route does: ask which module goes between its two ends. */
export const InsertStepContext = createContext<(edgeId: string, at: { clientX: number; clientY: number }) => void>(
  () => undefined,
);

export type RouteEdgeData = {
  /** The label this route carries and where, from the graph's placement (see route-labels.ts). */
  label?: PlacedLabel;
  /** Whether a module can be inserted on it: a route between two modules, not an empty one's stub. */
  insertable?: boolean;
};

/** How long the insert button stays once the pointer leaves the route, so it can be reached. */
const HOVER_GRACE_MS = 400;

/**
 * A route's line, its label where the graph placed it, and, while the route is selected or
 * pointed at, a button that inserts a module on it. The label's background box is sized from
 * the label's length rather than measured: a layout read per labelled edge takes a 300-module
 * flow a good part of a second to open.
 */
const RouteEdge = memo(function RouteEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  selected,
  markerEnd,
  style,
  interactionWidth,
}: EdgeProps<Edge<RouteEdgeData>>) {
  const curve = routeCurve({ x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  const middle = pointOnCurve(curve, 0.5);
  const insertStep = useContext(InsertStepContext);
  const [hovered, setHovered] = useState(false);
  const leaving = useRef<ReturnType<typeof setTimeout> | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const stay = () => {
    if (leaving.current) clearTimeout(leaving.current);
    setHovered(true);
  };
  const leave = () => {
    leaving.current = setTimeout(() => setHovered(false), HOVER_GRACE_MS);
  };
  useEffect(() => () => void (leaving.current && clearTimeout(leaving.current)), []);
  // A route selected from the keyboard (Enter on the focused route) hands focus to its button,
  // once the key is done: moved at once, the same Enter would press the button too.
  useEffect(() => {
    if (!selected || !data?.insertable) return;
    if (document.activeElement?.closest(".react-flow__edge")?.getAttribute("data-id") !== id) return;
    const later = setTimeout(() => button.current?.focus());
    return () => clearTimeout(later);
  }, [selected, data?.insertable, id]);
  const label = data?.label;
  return (
    <>
      <g onPointerEnter={stay} onPointerLeave={leave}>
        <BaseEdge id={id} path={curvePath(curve)} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      </g>
      {label ? (
        <g className="pointer-events-none">
          <rect
            x={label.at.x - labelWidth(label.text) / 2}
            y={label.at.y - LABEL_HEIGHT / 2}
            width={labelWidth(label.text)}
            height={LABEL_HEIGHT}
            rx={4}
            className="route-label-box fill-surface stroke-border"
          />
          <text x={label.at.x} y={label.at.y} className="route-label fill-fg" textAnchor="middle" dominantBaseline="central">
            {label.text}
          </text>
        </g>
      ) : null}
      {data?.insertable ? (
        <EdgeToolbar edgeId={id} x={middle.x} y={middle.y} isVisible={selected || hovered}>
          <button
            ref={button}
            type="button"
            className="nodrag nopan flex size-7 items-center justify-center rounded-full border border-border-strong bg-surface text-fg shadow-sm hover:bg-subtle focus-visible:outline-3 focus-visible:outline-accent"
            aria-label="Insert a step here"
            title="Insert a step here"
            onPointerEnter={stay}
            onPointerLeave={leave}
            onClick={(event) => {
              // Below the button, whether pressed by pointer or by keyboard (which has no pointer position).
              const box = event.currentTarget.getBoundingClientRect();
              insertStep(id, { clientX: box.left, clientY: box.bottom + 4 });
            }}
          >
            <Plus className="size-4" aria-hidden />
          </button>
        </EdgeToolbar>
      ) : null}
    </>
  );
});

export const EDGE_TYPES = { route: RouteEdge };

/** The graph controls' button that fits the whole flow in view again. */
export function FitToViewButton({ onFit }: { onFit: () => void }) {
  return (
    <ControlButton onClick={onFit} title="Fit to view" aria-label="Fit to view">
      <svg viewBox="0 0 32 30" aria-hidden="true">
        <path d="M3.7 11.8V3.7h8.1V0H0v11.8h3.7zM20.2 0v3.7h8.1v8.1H32V0H20.2zM28.3 26.3h-8.1V30H32V18.2h-3.7v8.1zM3.7 18.2H0V30h11.8v-3.7H3.7v-8.1z" />
      </svg>
    </ControlButton>
  );
}
