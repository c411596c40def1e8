/**
 * The editor's undo history: one timeline of the whole editing state (the flow and where its
 * modules are drawn), so a graph edit and a form edit undo alike, in the order they were made.
 * States are immutable snapshots that share what did not change, so a step costs little.
 */

/** Steps kept per editing session; the oldest go first. */
export const HISTORY_LIMIT = 300;

/**
 * Changes to one field with pauses shorter than this are one step: a word typed is undone as a
 * whole, not letter by letter (the pause ProseMirror's and CodeMirror's histories use).
 */
export const BURST_PAUSE_MS = 500;

/** What a change did: the one field it changed (null for anything else) and when. */
type ChangeOf = { readonly field: string | null; readonly at: number };

export type Timeline<T> = {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The last step's change while more typing in its field may still join it. */
  readonly burst: ChangeOf | null;
};

export function startTimeline<T>(present: T): Timeline<T> {
  return { past: [], present, future: [], burst: null };
}

function continuesBurst(burst: ChangeOf | null, change: ChangeOf | undefined): boolean {
  return !!burst && !!change && burst.field !== null && change.field === burst.field && change.at - burst.at < BURST_PAUSE_MS;
}

/**
 * A new step; the same state again is no step (a form echoing back what undo gave it). A change
 * continuing the last step's burst (see `BURST_PAUSE_MS`) becomes part of that step, and a burst
 * that brings its field back to where it started leaves no step at all.
 */
export function recorded<T>(
  timeline: Timeline<T>,
  next: T,
  change?: ChangeOf,
  same: (a: T, b: T) => boolean = Object.is,
): Timeline<T> {
  if (Object.is(next, timeline.present)) return timeline;
  const before = timeline.past.at(-1);
  if (continuesBurst(timeline.burst, change) && timeline.past.length > 0 && before !== undefined) {
    if (same(before, next)) return { past: timeline.past.slice(0, -1), present: before, future: [], burst: null };
    return { past: timeline.past, present: next, future: [], burst: change ?? null };
  }
  const past = [...timeline.past, timeline.present];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    present: next,
    future: [],
    burst: change ?? null,
  };
}

/** The present replaced without a step: what a save hands back is where the user already is. */
export function replacedPresent<T>(timeline: Timeline<T>, present: T): Timeline<T> {
  return { ...timeline, present };
}

export function undone<T>(timeline: Timeline<T>): Timeline<T> {
  const previous = timeline.past.at(-1);
  if (timeline.past.length === 0) return timeline;
  return {
    past: timeline.past.slice(0, -1),
    present: previous as T,
    future: [timeline.present, ...timeline.future],
    burst: null,
  };
}

export function redone<T>(timeline: Timeline<T>): Timeline<T> {
  if (timeline.future.length === 0) return timeline;
  const [next, ...future] = timeline.future;
  return { past: [...timeline.past, timeline.present], present: next as T, future, burst: null };
}
