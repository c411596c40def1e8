/**
 * Where each route's line runs and where its label sits. A route leaves the bottom of its module
 * and enters the top of its target as a cubic curve; its label is placed on that curve where it
 * covers no other label and, if it can, no module. Routes of one module to one target share a
 * label ("1 · 2 · invalid"), so a menu whose keys all lead to the same place reads as one choice.
 * Pure: the graph computes the placement from the layout, so nothing is measured in the browser.
 */

export type Point = { x: number; y: number };
export type Box = { x: number; y: number; width: number; height: number };
type Curve = readonly [Point, Point, Point, Point];

/** A label's box: 15 px text (.route-label) estimated from its length, so nothing is measured. */
export const LABEL_HEIGHT = 22;
export function labelWidth(label: string): number {
  return Math.ceil(label.length * 8.4) + 12;
}
/** What separates two labels' boxes at least. */
const LABEL_MARGIN = 3;

/** How far a curve's control point stands off its end, as React Flow's bezier edges do. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** The curve from the bottom of a module (`source`) to the top of another (`target`). */
export function routeCurve(source: Point, target: Point): Curve {
  const offset = controlOffset(target.y - source.y);
  return [source, { x: source.x, y: source.y + offset }, { x: target.x, y: target.y - offset }, target];
}

export function curvePath([from, c1, c2, to]: Curve): string {
  return `M${from.x},${from.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${to.x},${to.y}`;
}

export function pointOnCurve([p0, p1, p2, p3]: Curve, t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

/** A label's box centred on `at`. */
export function labelBox(label: string, at: Point): Box {
  const width = labelWidth(label);
  return { x: at.x - width / 2, y: at.y - LABEL_HEIGHT / 2, width, height: LABEL_HEIGHT };
}

function overlap(a: Box, b: Box, margin: number): boolean {
  return (
    a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin
  );
}

const CELL = 120;

/** Boxes kept in a grid of cells, so checking one against hundreds looks at its neighbours only. */
class BoxGrid {
  private readonly cells = new Map<string, Box[]>();

  private *cellsOf(box: Box): Generator<string> {
    for (let x = Math.floor(box.x / CELL); x <= Math.floor((box.x + box.width) / CELL); x++)
      for (let y = Math.floor(box.y / CELL); y <= Math.floor((box.y + box.height) / CELL); y++) yield `${x}:${y}`;
  }

  add(box: Box): void {
    for (const cell of this.cellsOf(box)) this.cells.set(cell, [...(this.cells.get(cell) ?? []), box]);
  }

  hits(box: Box, margin: number): boolean {
    const grown = { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
    for (const cell of this.cellsOf(grown)) if (this.cells.get(cell)?.some((other) => overlap(box, other, margin))) return true;
    return false;
  }
}

/** Where along its curve a label is tried: the middle first, then ever nearer either end. */
const ALONG = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82, 0.12, 0.88];
/** A label with no free place on its curve moves beside it, a step at a time, this far at most. */
const STEP = LABEL_HEIGHT + LABEL_MARGIN;
const FURTHEST_STEPS = 40;

export type LabelledRoute = { id: string; source: string; target: string; label: string; from: Point; to: Point };
export type PlacedLabel = { text: string; at: Point };

/**
 * Each labelled route's label, by route id; a route whose label another of the same module and
 * target carries has none. Labels are placed in the order given, each where it covers no label
 * placed before it: on its curve where it also covers no module (`obstacles`), else on its curve
 * covering a module, else as near its curve's middle as no label is.
 */
export function placeRouteLabels(routes: readonly LabelledRoute[], obstacles: readonly Box[]): Map<string, PlacedLabel> {
  const groups = new Map<string, LabelledRoute[]>();
  for (const route of routes) {
    const pair = `${route.source}\n${route.target}`;
    groups.set(pair, [...(groups.get(pair) ?? []), route]);
  }
  const modules = new BoxGrid();
  for (const box of obstacles) modules.add(box);
  const labels = new BoxGrid();
  const placed = new Map<string, PlacedLabel>();
  for (const group of groups.values()) {
    // The middle route of the group carries the label, so it sits among the lines it names.
    const carrier = group[Math.floor((group.length - 1) / 2)] as LabelledRoute;
    const text = group.map((route) => route.label).join(" · ");
    const curve = routeCurve(carrier.from, carrier.to);
    const along = ALONG.map((t) => labelBox(text, pointOnCurve(curve, t)));
    const box =
      along.find((candidate) => !labels.hits(candidate, LABEL_MARGIN) && !modules.hits(candidate, 0)) ??
      along.find((candidate) => !labels.hits(candidate, LABEL_MARGIN)) ??
      besideCurve(along[0] as Box, labels);
    labels.add(box);
    placed.set(carrier.id, { text, at: { x: box.x + box.width / 2, y: box.y + box.height / 2 } });
  }
  return placed;
}

/** The nearest free place to `middle`: down, up, right and left a step at a time. */
function besideCurve(middle: Box, labels: BoxGrid): Box {
  for (let step = 1; step <= FURTHEST_STEPS; step++) {
    const offsets = [
      { x: 0, y: step * STEP },
      { x: 0, y: -step * STEP },
      { x: step * STEP, y: 0 },
      { x: -step * STEP, y: 0 },
    ];
    for (const offset of offsets) {
      const candidate = { ...middle, x: middle.x + offset.x, y: middle.y + offset.y };
      if (!labels.hits(candidate, LABEL_MARGIN)) return candidate;
    }
  }
  // Still nothing within reach: further down until free, which comes, there being finitely many labels.
  for (let y = middle.y + (FURTHEST_STEPS + 1) * STEP; ; y += STEP) {
    const candidate = { ...middle, y };
    if (!labels.hits(candidate, LABEL_MARGIN)) return candidate;
  }
}
