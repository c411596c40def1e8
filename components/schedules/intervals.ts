import { minutesOf, timeOf, type Interval } from "@/server/domain/schedule/document";

// A day's hours as minute ranges, for the week grid: painting a slot adds it to the day's
// intervals or cuts it out, and touching intervals merge, so what is saved is always valid.

type Range = [number, number];

function toRanges(intervals: readonly Interval[]): Range[] {
  return intervals.map(([start, end]) => [minutesOf(start), minutesOf(end)] as Range).filter(([start, end]) => end > start);
}

function normalized(ranges: Range[]): Interval[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => [timeOf(start), timeOf(end)]);
}

/** The day's intervals with [start, end) opened (`open`) or closed. */
export function paint(intervals: readonly Interval[], start: number, end: number, open: boolean): Interval[] {
  const ranges = toRanges(intervals);
  if (open) return normalized([...ranges, [start, end]]);
  return normalized(
    ranges.flatMap(([s, e]): Range[] =>
      e <= start || s >= end ? [[s, e]] : [...(s < start ? [[s, start] as Range] : []), ...(e > end ? [[end, e] as Range] : [])],
    ),
  );
}

/** How much of [start, end) the day's intervals cover. */
export function coverage(intervals: readonly Interval[], start: number, end: number): "open" | "partly" | "closed" {
  const covered = toRanges(intervals).reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, end) - Math.max(s, start)), 0);
  return covered === 0 ? "closed" : covered >= end - start ? "open" : "partly";
}
