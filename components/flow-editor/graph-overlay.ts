import { routeHandleId } from "./graph-model";
import { routeSlots } from "./routes";

/**
 * Figures drawn over the graph without changing it: the heat of many calls (the Analytics tab)
 * or the path of one call (a call's page). Modules are keyed by module key, routes by the id of
 * their edge (see `routeEdgeId`); what has no entry is drawn plain.
 */
export type GraphOverlay = {
  modules: ReadonlyMap<string, ModuleOverlay>;
  routes: ReadonlyMap<string, RouteOverlay>;
  /** What the figures are, for the graph's accessible description ("Calls from 1 to 30 November"). */
  caption: string;
};

export type ModuleOverlay = {
  /** One short line under the module's summary ("120 in · 35% ended here", "1st · +0:04"). */
  text: string;
  /** 0 (cold) to 1 (hot): how strongly the module is tinted. */
  heat: number;
};

export type RouteOverlay = {
  /** Joined to the route's own label ("1 · 42%"). */
  text: string;
  /** 0 to 1: how thick and dark the route is drawn. */
  heat: number;
};

export const NO_OVERLAY: GraphOverlay = { modules: new Map(), routes: new Map(), caption: "" };

/** The name a call step gives the route it left a module by: `next`, a key (`1`, `*`), `timeout`, `noanswer`… */
function routeNameOf(field: readonly string[]): string {
  return field.length === 2 ? field[1]! : field[0]!;
}

/**
 * The id of the edge a module's named route is drawn as, or null when the module has no such route
 * leading anywhere (a route the version did not have, or one left unset).
 */
export function routeEdgeId(flow: Readonly<Record<string, unknown>>, moduleKey: string, route: string): string | null {
  const module = flow[moduleKey];
  if (typeof module !== "object" || module === null) return null;
  const slot = routeSlots(module as Readonly<Record<string, unknown>>).find((each) => routeNameOf(each.field) === route);
  if (!slot?.target || !(slot.target in flow)) return null;
  return `${moduleKey}:${routeHandleId(slot.field)}`;
}

/** A share as people read it: "42%", "<1%" for a few calls among many, "0%" for none. */
export function percent(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return "0%";
  const share = (part / whole) * 100;
  return share < 1 ? "<1%" : `${Math.round(share)}%`;
}
