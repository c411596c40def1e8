/**
 * The editor's undo history: one timeline of the whole editing state (the flow and where its
 * modules are drawn), so a graph edit and a form edit undo alike, in the order they were made.
 * States are immutable snapshots that share what did not change, so a step costs little.
 */

/** Steps kept per editing session; the oldest go first. */
export const HISTORY_LIMIT = 300;

export type Timeline<T> = { readonly past: readonly T[]; readonly present: T; readonly future: readonly T[] };

export function startTimeline<T>(present: T): Timeline<T> {
  return { past: [], present, future: [] };
}

/** A new step; the same state again is no step (a form echoing back what undo gave it). */
export function recorded<T>(timeline: Timeline<T>, next: T): Timeline<T> {
  if (Object.is(next, timeline.present)) return timeline;
  const past = [...timeline.past, timeline.present];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, present: next, future: [] };
}

/** The present replaced without a step: what a save hands back is where the user already is. */
export function replacedPresent<T>(timeline: Timeline<T>, present: T): Timeline<T> {
  return { ...timeline, present };
}

export function undone<T>(timeline: Timeline<T>): Timeline<T> {
  const previous = timeline.past.at(-1);
  if (timeline.past.length === 0) return timeline;
  return { past: timeline.past.slice(0, -1), present: previous as T, future: [timeline.present, ...timeline.future] };
}

export function redone<T>(timeline: Timeline<T>): Timeline<T> {
  if (timeline.future.length === 0) return timeline;
  const [next, ...future] = timeline.future;
  return { past: [...timeline.past, timeline.present], present: next as T, future };
}
