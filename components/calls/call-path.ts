import { type GraphOverlay, type ModuleOverlay, routeEdgeId } from "@/components/flow-editor/graph-overlay";
import { formatSeconds } from "./call-words";

type Step = { module: string; at: string; route?: string };

/**
 * One call's path drawn over the graph of the version it ran on: each module it went through
 * numbered in the order it got there, with the time since the call started ("Step 2 · +4 s", a
 * module visited twice "Steps 2, 5 · +4 s"); each route it took drawn at full strength, the others faint; the
 * module it ended in hottest. Steps naming a module the version did not have draw nothing (the
 * timeline flags them).
 */
export function callPathOverlay(
  flow: Readonly<Record<string, unknown>>,
  steps: readonly Step[],
  startedAt: Date,
  caption: string,
): GraphOverlay {
  const visits = new Map<string, { order: number[]; firstAt: number }>();
  const routes = new Map<string, { text: string; heat: number }>();
  steps.forEach((step, index) => {
    if (!(step.module in flow)) return;
    const visit = visits.get(step.module) ?? { order: [], firstAt: new Date(step.at).getTime() };
    visit.order.push(index + 1);
    visits.set(step.module, visit);
    const edge = step.route ? routeEdgeId(flow, step.module, step.route) : null;
    if (edge) routes.set(edge, { text: "", heat: 1 });
  });
  const last = steps.at(-1)?.module;
  const modules = new Map<string, ModuleOverlay>();
  for (const [key, visit] of visits) {
    const since = formatSeconds(Math.max(0, (visit.firstAt - startedAt.getTime()) / 1000));
    const numbered = `${visit.order.length > 1 ? "Steps" : "Step"} ${visit.order.join(", ")}`;
    modules.set(key, { text: `${numbered} · +${since}`, heat: key === last ? 1 : 0.5 });
  }
  return { modules, routes, caption };
}
