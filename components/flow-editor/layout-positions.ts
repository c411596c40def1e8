import { graphStructure, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "./graph-model";
import { routeSlots } from "./routes";

/** Where each module is drawn, by module key: the portal's metadata, never part of the flow. */
export type ModulePosition = { x: number; y: number };
export type FlowPositions = Readonly<Record<string, ModulePosition>>;

type Flow = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const COLUMN_GAP = 40;
const ROW_GAP = 70;

/** How many recent layouts are remembered: a few flows open at a time, each kept as it is edited. */
const REMEMBERED_LAYOUTS = 20;
const rememberedLayouts = new Map<string, Readonly<Record<string, ModulePosition>>>();

/**
 * Every module where the automatic layout ranks it, top to bottom from Start. Laying out a few
 * hundred modules takes a good part of a second, and a flow is laid out again each time it is
 * opened with no saved positions: the layout of each of the last few structures (modules and
 * routes: all the layout depends on) is remembered, so the same flow is laid out once.
 */
export function autoLayout(flow: Flow): Record<string, ModulePosition> {
  const structure = graphStructure(flow);
  const key = JSON.stringify([
    structure.modules.map((module) => module.key),
    structure.edges.map((edge) => [edge.source, edge.target]),
    structure.emptyRoutes.map((route) => route.id),
  ]);
  let positions = rememberedLayouts.get(key);
  if (positions) {
    rememberedLayouts.delete(key); // back to the newest end of the map's order
  } else {
    const { nodes } = layoutGraph(structure);
    positions = Object.fromEntries(nodes.map((node) => [node.key, { x: node.x, y: node.y }]));
    const oldest = rememberedLayouts.keys().next();
    if (rememberedLayouts.size >= REMEMBERED_LAYOUTS && !oldest.done) rememberedLayouts.delete(oldest.value);
  }
  rememberedLayouts.set(key, positions);
  // A copy each time: whoever gets it may add to it; the positions themselves are never changed.
  return { ...positions };
}

function overlaps(a: ModulePosition, b: ModulePosition): boolean {
  return Math.abs(a.x - b.x) < NODE_WIDTH + COLUMN_GAP / 2 && Math.abs(a.y - b.y) < NODE_HEIGHT + ROW_GAP / 2;
}

/**
 * Positions for every module of the flow. A flow drawn nowhere yet is laid out automatically;
 * a module added since (from a route picker, the add bar, a route of the graph, JSON) goes
 * beside the module that routes to it: just under it, moved sideways until it covers no other
 * module, and when it was put on a route to a module further down (inserted between two), what
 * is drawn from its row down moves down a row to make room. A module no other routes to goes
 * under the whole flow. Positions of modules no longer in the flow are dropped. Returns
 * `positions` itself when nothing changes.
 */
export function withEveryModulePlaced(flow: Flow, positions: FlowPositions): FlowPositions {
  const keys = Object.keys(flow);
  const missing = keys.filter((key) => !(key in positions));
  const stale = Object.keys(positions).some((key) => !(key in flow));
  if (missing.length === 0 && !stale) return positions;
  if (missing.length === keys.length) return autoLayout(flow);
  const placed: Record<string, ModulePosition> = {};
  for (const key of keys) if (positions[key]) placed[key] = positions[key];
  for (const key of missing) {
    const parent = keys.find((from) => placed[from] && routeSlots(flow[from] ?? {}).some((slot) => slot.target === key));
    const above = parent ? placed[parent] : undefined;
    if (!above) {
      const lowest = Math.max(...Object.values(placed).map((position) => position.y));
      placed[key] = freeSpotFrom(
        { x: Math.min(...Object.values(placed).map((position) => position.x)), y: lowest + NODE_HEIGHT + ROW_GAP },
        placed,
      );
      continue;
    }
    const spot = { x: above.x, y: above.y + NODE_HEIGHT + ROW_GAP };
    const inserted = routeSlots(flow[key] ?? {}).some((slot) => (placed[slot.target]?.y ?? Number.NEGATIVE_INFINITY) > above.y);
    if (inserted && Object.values(placed).some((other) => overlaps(other, spot))) {
      for (const [other, position] of Object.entries(placed))
        if (position.y > above.y + NODE_HEIGHT / 2) placed[other] = { x: position.x, y: position.y + NODE_HEIGHT + ROW_GAP };
    }
    placed[key] = freeSpotFrom(spot, placed);
  }
  return placed;
}

/** `spot`, or the nearest column to it, right then left, where it covers no placed module. */
function freeSpotFrom(spot: ModulePosition, placed: Readonly<Record<string, ModulePosition>>): ModulePosition {
  const others = Object.values(placed);
  for (let step = 0; ; step++) {
    for (const side of step === 0 ? [0] : [step, -step]) {
      const candidate = { x: spot.x + side * (NODE_WIDTH + COLUMN_GAP), y: spot.y };
      if (!others.some((other) => overlaps(other, candidate))) return candidate;
    }
  }
}
