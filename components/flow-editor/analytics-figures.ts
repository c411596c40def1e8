import { CALL_OUTCOMES, type CallOutcome } from "@/server/domain/calls/call-input";
import { type GraphOverlay, percent, type RouteOverlay, routeEdgeId } from "./graph-overlay";

/**
 * The Analytics tab's arithmetic, apart from its React: ranges of UTC days, the modules' rows
 * beside each other for two versions, the days of the chart, and the heat drawn over the graph.
 */

export type DayRange = { from: string; to: string };

/** A flow's counts as the stats answer them (GET /voip/flow/{uuid}/stats, calls.flowStats). */
export type FlowStats = {
  calls: number;
  outcomes: Partial<Record<CallOutcome, number>>;
  median_duration_s: number | null;
  modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }>;
};

const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now: Date = new Date()): DayRange {
  return { from: utcDay(new Date(now.getTime() - (days - 1) * DAY_MS)), to: utcDay(now) };
}

/** How many days a range holds, both ends included; 0 when it is back to front. */
export function daysIn(range: DayRange): number {
  const span = Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`);
  return Number.isNaN(span) || span < 0 ? 0 : span / DAY_MS + 1;
}

/** A chart's longest range drawn day by day; past it the chart shows only the days with calls. */
export const MAX_CHART_DAYS = 731;

export type ChartDay = { day: string; calls: number } & Partial<Record<CallOutcome, number>>;

/** Each day of the range with its calls per outcome, days without calls as zeros, oldest first. */
export function chartDays(
  range: DayRange,
  counted: readonly { day: string; calls: number; outcomes: Partial<Record<CallOutcome, number>> }[],
): ChartDay[] {
  const byDay = new Map(counted.map((entry) => [entry.day, entry]));
  const total = daysIn(range);
  const days =
    total > 0 && total <= MAX_CHART_DAYS
      ? Array.from({ length: total }, (_, i) => utcDay(new Date(Date.parse(`${range.from}T00:00:00Z`) + i * DAY_MS)))
      : counted.map((entry) => entry.day);
  return days.map((day) => {
    const entry = byDay.get(day);
    const row: ChartDay = { day, calls: entry?.calls ?? 0 };
    for (const outcome of CALL_OUTCOMES) row[outcome] = entry?.outcomes[outcome] ?? 0;
    return row;
  });
}

/** The outcomes that happened at all in these days, in the order the API lists them. */
export function outcomesSeen(stats: readonly Pick<FlowStats, "outcomes">[]): CallOutcome[] {
  return CALL_OUTCOMES.filter((outcome) => stats.some((each) => (each.outcomes[outcome] ?? 0) > 0));
}

export type ModuleFigures = {
  entered: number;
  endedHere: number;
  /** Each route the module was left by, with how many callers took it. */
  routes: { route: string; calls: number }[];
};

export type ModuleRow = {
  key: string;
  name: string;
  a: ModuleFigures;
  b: ModuleFigures | null;
};

const NO_FIGURES: ModuleFigures = { entered: 0, endedHere: 0, routes: [] };

function figuresOf(stats: FlowStats, key: string): ModuleFigures {
  const module = stats.modules[key];
  if (!module) return NO_FIGURES;
  return {
    entered: module.entered,
    endedHere: module.ended_here,
    routes: Object.entries(module.routes)
      .map(([route, calls]) => ({ route, calls }))
      .sort((x, y) => y.calls - x.calls || x.route.localeCompare(y.route)),
  };
}

/**
 * One row per module: the flow's modules in its order, named as the editor names them, then any
 * module the calls went through that the flow no longer has ("A removed module 1", …: its key
 * means nothing to people).
 */
export function moduleRows(
  flow: Readonly<Record<string, unknown>>,
  names: ReadonlyMap<string, string>,
  a: FlowStats,
  b: FlowStats | null,
): ModuleRow[] {
  const rows: ModuleRow[] = Object.keys(flow).map((key) => ({
    key,
    name: names.get(key) ?? "Unknown module",
    a: figuresOf(a, key),
    b: b ? figuresOf(b, key) : null,
  }));
  const removed = [...new Set([...Object.keys(a.modules), ...Object.keys(b?.modules ?? {})])].filter((key) => !(key in flow));
  removed.forEach((key, index) => {
    rows.push({ key, name: `A removed module ${index + 1}`, a: figuresOf(a, key), b: b ? figuresOf(b, key) : null });
  });
  return rows;
}

/** The change of a share from A to B in percentage points, as people read it: "+4 pts", "−3 pts", "±0 pts". */
export function pointsChange(partA: number, wholeA: number, partB: number, wholeB: number): string {
  const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);
  const points = Math.round(share(partB, wholeB) - share(partA, wholeA));
  if (points === 0) return "±0 pts";
  return points > 0 ? `+${points} pts` : `−${-points} pts`;
}

/**
 * The heat of the calls over the graph: each module "120 in · 35% ended" with heat its share of
 * the calls that entered it; each route its share of the callers ("42%"). With a second version
 * the modules read both counts ("A 120 · B 98"); the heat stays A's.
 */
export function analyticsOverlay(
  flow: Readonly<Record<string, unknown>>,
  a: FlowStats,
  b: FlowStats | null,
  caption: string,
): GraphOverlay {
  const modules = new Map<string, { text: string; heat: number }>();
  const routes = new Map<string, RouteOverlay>();
  for (const key of Object.keys(flow)) {
    const figures = figuresOf(a, key);
    const text = b
      ? `A ${figures.entered} · B ${figuresOf(b, key).entered}`
      : `${figures.entered} in · ${percent(figures.endedHere, figures.entered)} ended`;
    modules.set(key, { text, heat: a.calls > 0 ? figures.entered / a.calls : 0 });
    for (const { route, calls } of figures.routes) {
      const edge = routeEdgeId(flow, key, route);
      if (edge) routes.set(edge, { text: percent(calls, a.calls), heat: a.calls > 0 ? calls / a.calls : 0 });
    }
  }
  return { modules, routes, caption };
}
