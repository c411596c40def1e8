import dagre from "@dagrejs/dagre";
import { moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { moduleReferences } from "@/server/domain/call-flow/references";
import { MODULE_LABELS } from "./module-labels";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

export type GraphNode = { key: string; type: ModuleType | null; title: string; x: number; y: number };
export type GraphEdge = { id: string; source: string; target: string; label: string };

/** `["next"]` is the plain route; menus and branches are labelled by what takes them. */
function routeLabel(field: readonly (string | number)[]): string {
  if (field.length === 2) return String(field[1]);
  return field[0] === "next" ? "" : String(field[0]);
}

/**
 * The flow as a laid-out graph: modules as nodes, routes as labelled edges, ranked top to
 * bottom from Start. Routes to modules that do not exist are left out (validation reports them).
 */
export function layoutFlow(flow: Readonly<Record<string, unknown>>): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  // Routes from one module to the same target share one edge: an IVR whose keys 1, 2 and
  // timeout all ring Pete draws one arrow labelled "1, 2, timeout", not three on top of each other.
  const edgesByPair = new Map<string, GraphEdge>();
  for (const [key, module] of Object.entries(flow)) {
    graph.setNode(key, { width: NODE_WIDTH, height: NODE_HEIGHT });
    const type = moduleTypeOf((module as { module?: unknown } | null)?.module);
    if (!type || typeof module !== "object" || module === null) continue;
    for (const reference of moduleReferences(type, module as Record<string, unknown>)) {
      if (!(reference.target in flow)) continue;
      const id = `${key}->${reference.target}`;
      const label = routeLabel(reference.field);
      const existing = edgesByPair.get(id);
      if (existing) {
        existing.label = [existing.label, label].filter(Boolean).join(", ");
        continue;
      }
      edgesByPair.set(id, { id, source: key, target: reference.target, label });
      graph.setEdge(key, reference.target);
    }
  }
  const edges = [...edgesByPair.values()];
  dagre.layout(graph);
  const nodes = Object.entries(flow).map(([key, module]) => {
    const type = moduleTypeOf((module as { module?: unknown } | null)?.module) ?? null;
    const position = graph.node(key);
    return {
      key,
      type,
      title: type ? MODULE_LABELS[type].title : "Unknown module",
      x: position.x - NODE_WIDTH / 2,
      y: position.y - NODE_HEIGHT / 2,
    };
  });
  return { nodes, edges };
}
