"use client";

import { BaseEdge, getBezierPath, Handle, Position, type EdgeProps, type Node, type NodeProps } from "@xyflow/react";
import { createContext, memo, useContext, type KeyboardEvent } from "react";
import type { RouteRef } from "./graph-editing";
import { routeHandleId, routeLabel } from "./graph-model";
import { cn } from "@/components/ui/cn";
import { routeSlots } from "./routes";

/* The graph's node and edge components: a module with a handle per route, an empty route's stub,
 * and a route's line. React Flow draws them from `NODE_TYPES` and `EDGE_TYPES`. */

/** A route's handle: its id (`next`, `next.1`) and its name in people's words ("key 1"). */
type RouteHandle = { id: string; label: string };

export type ModuleNodeData = {
  title: string;
  moduleKey: string;
  summary: string;
  status: "ok" | "warning" | "error";
  selected: boolean;
  highlighted: boolean;
  routes: readonly RouteHandle[];
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
        "flex min-h-16 w-[220px] cursor-pointer flex-col rounded-lg border-2 border-border-strong bg-white px-2.5 py-1.5 text-sm",
        data.status === "error" && "border-danger",
        data.status === "warning" && "border-warning-border",
        data.selected && "shadow-[0_0_0_3px_var(--color-accent)]",
        // The marker class names the lit path for the Test call's checks.
        data.highlighted && "flow-node-highlighted bg-ok-soft",
      )}
      data-testid={`node-${data.moduleKey}`}
    >
      <Handle type="target" position={Position.Top} id="in" role="img" aria-label={`Way into ${data.title}`} />
      <strong>{data.title}</strong>
      <span className="truncate text-xs text-muted">{data.summary}</span>
      {data.routes.map((route, index) => (
        <Handle
          key={route.id}
          type="source"
          position={Position.Bottom}
          id={route.id}
          className="bg-accent"
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

/**
 * A route's line with its label written at its middle. React Flow's own label measures its text
 * to fit a background box behind it, a layout read per labelled edge that takes a 300-module flow
 * a good part of a second to open; this label's background box is sized from the label's length
 * instead, so nothing is measured.
 */
const LABEL_HEIGHT = 22;
/** A box wide enough for the label at 15 px (.route-label), estimated from its length. */
function labelWidth(label: string): number {
  return Math.ceil(label.length * 8.4) + 12;
}

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
        <g className="pointer-events-none">
          <rect
            x={labelX - labelWidth(String(label)) / 2}
            y={labelY - LABEL_HEIGHT / 2}
            width={labelWidth(String(label))}
            height={LABEL_HEIGHT}
            rx={4}
            className="fill-surface stroke-border"
          />
          <text x={labelX} y={labelY} className="route-label fill-fg" textAnchor="middle" dominantBaseline="central">
            {label}
          </text>
        </g>
      ) : null}
    </>
  );
});

export const EDGE_TYPES = { route: RouteEdge };
