"use client";

import { useCallback, useLayoutEffect, useMemo, useRef } from "react";
import { sameJson } from "@/server/domain/call-flow";

/**
 * React Flow and React's memoisation compare by identity: a node, an edge, a list or a callback
 * given as a new object is drawn again even when it says the same. In a 300-module flow that is
 * every node and edge on every keystroke. These keep what did not change the very same object.
 */

/**
 * `next` with each item equal (as JSON) to the item of the same id in `previous` replaced by that
 * earlier object; `previous` itself when every item is kept, in the same order.
 */
export function reuseUnchanged<T extends { readonly id: string }>(previous: T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const reused = next.map((item, index) => {
    const earlier = before.get(item.id);
    const kept = earlier !== undefined && sameJson(earlier, item) ? earlier : item;
    if (kept !== previous[index]) changed = true;
    return kept;
  });
  return changed ? reused : previous;
}

/** `items` as computed on each change, with what did not change kept (see `reuseUnchanged`). */
export function useStableItems<T extends { readonly id: string }>(items: T[]): T[] {
  const previous = useRef<T[]>([]);
  return useMemo(() => (previous.current = reuseUnchanged(previous.current, items)), [items]);
}

/** A value equal (as JSON) to the one before is that one before. */
export function useStableValue<T>(value: T): T {
  const previous = useRef(value);
  return useMemo(() => {
    if (!sameJson(previous.current, value)) previous.current = value;
    return previous.current;
  }, [value]);
}

/**
 * A function that never changes identity and always calls the latest `handler`: for callbacks
 * handed to React Flow, which copies each changed one into its store and so re-runs every node's
 * and edge's selectors, and to memoised components.
 */
export function useStableHandler<Args extends unknown[], Result>(handler: (...args: Args) => Result): (...args: Args) => Result {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  return useCallback((...args: Args) => latest.current(...args), []);
}
