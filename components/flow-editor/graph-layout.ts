"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { Box } from "./graph-viewport";
import {
  EMPTY_ROUTE_HEIGHT,
  EMPTY_ROUTE_WIDTH,
  graphStructure,
  NODE_HEIGHT,
  NODE_WIDTH,
  sameStructure,
  type GraphStructure,
} from "./graph-model";
import type { ModulePosition } from "./layout-positions";

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

/**
 * Where everything is drawn: each module where the editor placed it, or where it is being
 * dragged to (it lands in the editor's state, one undo step, on release), and each empty route's
 * stub under its module; `boxes` gives every node's place and size for the viewport.
 */
export function useGraphLayout(flow: Readonly<Record<string, unknown>>, positions: Readonly<Record<string, ModulePosition>>) {
  const structure = useGraphStructure(flow);
  // Where modules are while being dragged; they land in the editor's state (one undo step) on release.
  const [dragged, setDragged] = useState<Readonly<Record<string, ModulePosition>>>({});
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
  return { structure, moduleKeys, stubs, boxes, positionOf, dragged, setDragged };
}
