import dagre from "@dagrejs/dagre";
import { MODULE_REGISTRY, moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { moduleReferences } from "@/server/domain/call-flow/references";
import { emptyRoutes } from "./routes";

export const NODE_WIDTH = 220;
/** Tall enough for a title and two lines: a menu's prompt and its keys. */
export const NODE_HEIGHT = 72;
/** React Flow's handles sit across a node's edge: a route leaves this far below its module. */
export const HANDLE_REACH = 6;

/** Where a module's route handle `index` of `count` sits along its bottom edge, as a fraction of its width. */
export function routeHandleAlong(index: number, count: number): number {
  return (index + 1) / (count + 1);
}

type GraphNode = { key: string; type: ModuleType | null; title: string; x: number; y: number };
/** A route no call can follow yet, drawn as a marked stub below its module. */
type EmptyRoute = { id: string; source: string; sourceHandle: string; label: string };
export const EMPTY_ROUTE_WIDTH = 140;
export const EMPTY_ROUTE_HEIGHT = 36;
/** One route of a module, drawn from that route's own handle (`sourceHandle`, see `routeHandleId`). */
type GraphEdge = { id: string; source: string; sourceHandle: string; target: string; label: string };

/** `["next"]` is the plain route; menus and branches are labelled by what takes them. */
export function routeLabel(field: readonly (string | number)[]): string {
  if (field.length === 2) return String(field[1]);
  return field[0] === "next" ? "" : String(field[0]);
}

/** The id of a route's handle on its module: the route's field, `next` or `next.1`. */
export function routeHandleId(field: readonly (string | number)[]): string {
  return field.join(".");
}

/** The route a handle id names, back as a field path. */
export function routeOfHandle(handleId: string): string[] {
  return handleId.split(".");
}

/** The modules and routes of a flow: all that its drawing depends on. */
export type GraphStructure = {
  modules: { key: string; type: ModuleType | null }[];
  edges: GraphEdge[];
  emptyRoutes: EmptyRoute[];
};

/** Routes to modules that do not exist are left out (validation reports them). */
export function graphStructure(flow: Readonly<Record<string, unknown>>): GraphStructure {
  const modules: GraphStructure["modules"] = [];
  const edges: GraphEdge[] = [];
  const empty: EmptyRoute[] = [];
  for (const [key, module] of Object.entries(flow)) {
    const type = moduleTypeOf((module as { module?: unknown } | null)?.module) ?? null;
    modules.push({ key, type });
    if (!type || typeof module !== "object" || module === null) continue;
    for (const route of emptyRoutes(module as Record<string, unknown>)) {
      const handle = routeHandleId(route.field);
      empty.push({ id: `empty:${key}:${handle}`, source: key, sourceHandle: handle, label: routeLabel(route.field) || "next" });
    }
    for (const reference of moduleReferences(type, module as Record<string, unknown>)) {
      if (!(reference.target in flow)) continue;
      const handle = routeHandleId(reference.field);
      edges.push({
        id: `${key}:${handle}`,
        source: key,
        sourceHandle: handle,
        target: reference.target,
        label: routeLabel(reference.field),
      });
    }
  }
  return { modules, edges, emptyRoutes: empty };
}

/** Whether two structures draw alike: the same modules, types and routes, in order. */
export function sameStructure(a: GraphStructure, b: GraphStructure): boolean {
  return (
    a.modules.length === b.modules.length &&
    a.edges.length === b.edges.length &&
    a.emptyRoutes.length === b.emptyRoutes.length &&
    a.emptyRoutes.every((route, index) => route.id === b.emptyRoutes[index]?.id) &&
    a.modules.every((module, index) => module.key === b.modules[index]?.key && module.type === b.modules[index]?.type) &&
    a.edges.every((edge, index) => edge.id === b.edges[index]?.id && edge.target === b.edges[index]?.target)
  );
}

/** The structure laid out as a graph, ranked top to bottom from Start. */
export function layoutGraph({ modules, edges, emptyRoutes: empty }: GraphStructure): {
  nodes: GraphNode[];
  edges: GraphEdge[];
  emptyRoutes: (EmptyRoute & { x: number; y: number })[];
} {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const { key } of modules) graph.setNode(key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  for (const route of empty) {
    graph.setNode(route.id, { width: EMPTY_ROUTE_WIDTH, height: EMPTY_ROUTE_HEIGHT });
    graph.setEdge(route.source, route.id);
  }
  dagre.layout(graph);
  const nodes = modules.map(({ key, type }) => {
    const position = graph.node(key);
    return {
      key,
      type,
      title: type ? MODULE_REGISTRY[type].label : "Unknown module",
      x: position.x - NODE_WIDTH / 2,
      y: position.y - NODE_HEIGHT / 2,
    };
  });
  const stubs = empty.map((route) => {
    const position = graph.node(route.id);
    return { ...route, x: position.x - EMPTY_ROUTE_WIDTH / 2, y: position.y - EMPTY_ROUTE_HEIGHT / 2 };
  });
  return { nodes, edges, emptyRoutes: stubs };
}
