"use client";

import { useReactFlow, type Viewport } from "@xyflow/react";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import { NODE_HEIGHT, NODE_WIDTH } from "./graph-model";
import type { ModulePosition } from "./layout-positions";

/** Below this zoom the node titles (0.85 rem) drop under about 10 px and stop being legible:
 * a long flow scrolls instead of shrinking further. */
export const MIN_ZOOM = 0.75;
export const MAX_ZOOM = 1.5;
const FIT_PADDING = 24;

export type Box = { x: number; y: number; width: number; height: number };

/**
 * The view that fits the flow at a legible zoom, centred on the selected module: the whole flow
 * when it fits (then centred as a whole), else as much of it as fits around the selection.
 * Computed from the layout, which knows every node's size, so it never waits for measurements.
 */
function viewportAround(boxes: readonly Box[], selected: Box | undefined, view: { width: number; height: number }) {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  const fit = Math.min((view.width - 2 * FIT_PADDING) / (right - left), (view.height - 2 * FIT_PADDING) / (bottom - top));
  const zoom = Math.min(1, Math.max(MIN_ZOOM, fit));
  // Per axis: the selection's centre, moved no further than needed to keep the flow's edge at
  // the view's edge; a flow narrower than the view is centred as a whole.
  const centre = (from: number, to: number, at: number, size: number) => {
    const half = size / 2 / zoom - FIT_PADDING / zoom;
    if (to - from <= 2 * half) return (from + to) / 2;
    return Math.min(Math.max(at, from + half), to - half);
  };
  const focus = selected ?? { x: left, y: top, width: 0, height: 0 };
  const x = centre(left, right, focus.x + focus.width / 2, view.width);
  const y = centre(top, bottom, focus.y + focus.height / 2, view.height);
  return { x: view.width / 2 - x * zoom, y: view.height / 2 - y * zoom, zoom };
}

/**
 * Fits the view when the graph opens, and again around a module added since (from a route
 * picker, the add bar, a route of the graph), which the view follows; brings a module selected
 * elsewhere (the issues panel) into view. The controls' fit button does the opening fit again.
 */
export function useViewport(
  boxes: ReadonlyMap<string, Box>,
  moduleKeys: string,
  selectedKey: string | null,
  container: RefObject<HTMLDivElement | null>,
) {
  const { setViewport, getViewport } = useReactFlow();
  /** The middle of what the graph shows, where a module added from the palette by keyboard goes. */
  const viewCentre = useCallback((): ModulePosition => {
    const box = container.current?.getBoundingClientRect();
    const { x, y, zoom } = getViewport();
    if (!box) return { x: 0, y: 0 };
    return { x: (box.width / 2 - x) / zoom - NODE_WIDTH / 2, y: (box.height / 2 - y) / zoom - NODE_HEIGHT / 2 };
  }, [container, getViewport]);
  const fitToView = useCallback(() => {
    const view = container.current?.getBoundingClientRect();
    if (!view || view.width === 0 || boxes.size === 0) return;
    void setViewport(viewportAround([...boxes.values()], selectedKey ? boxes.get(selectedKey) : undefined, view));
  }, [boxes, selectedKey, container, setViewport]);
  // Where the view is going while it glides there: a move asked for meanwhile starts from there.
  const gliding = useRef<{ to: Viewport; until: number } | null>(null);
  const glideTo = useCallback(
    (to: Viewport) => {
      gliding.current = { to, until: Date.now() + FOLLOW_MS };
      void setViewport(to, { duration: FOLLOW_MS });
    },
    [setViewport],
  );
  /** Centres `box` at the present zoom unless it is already shown whole, clear of the edges. */
  const bringIntoView = useCallback(
    (box: Box | undefined) => {
      const view = container.current?.getBoundingClientRect();
      if (!box || !view) return;
      const glide = gliding.current;
      const { x, y, zoom } = glide && Date.now() < glide.until ? glide.to : getViewport();
      // With a margin: the view can still shrink a little as a notice appears above the graph.
      const inView =
        box.x * zoom + x >= FIT_PADDING &&
        box.y * zoom + y >= FIT_PADDING &&
        (box.x + box.width) * zoom + x <= view.width - FIT_PADDING &&
        (box.y + box.height) * zoom + y <= view.height - FIT_PADDING;
      if (!inView)
        glideTo({
          x: view.width / 2 - (box.x + box.width / 2) * zoom,
          y: view.height / 2 - (box.y + box.height / 2) * zoom,
          zoom,
        });
    },
    [container, getViewport, glideTo],
  );
  const shown = useRef<ReadonlySet<string> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only modules coming (or the graph opening) move the view.
  useEffect(() => {
    const keys = moduleKeys.split("\n");
    const before = shown.current;
    shown.current = new Set(keys);
    if (!before) {
      fitToView();
      return;
    }
    const added = boundsOf(keys.filter((key) => !before.has(key)).flatMap((key) => boxes.get(key) ?? []));
    const view = container.current?.getBoundingClientRect();
    // The whole flow again when it fits at a legible zoom, else as much of it as fits around the new modules.
    if (added && view && view.width > 0) glideTo(viewportAround([...boxes.values()], added, view));
  }, [moduleKeys]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of selection moves the view.
  useEffect(() => {
    bringIntoView(selectedKey ? boxes.get(selectedKey) : undefined);
    // Only a change of selection moves the view; edits and re-layouts do not.
  }, [selectedKey]);
  return { fitToView, viewCentre };
}

/** How long the view takes to follow a module, so the eye follows with it. */
const FOLLOW_MS = 250;

function boundsOf(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  return {
    x: left,
    y: top,
    width: Math.max(...boxes.map((box) => box.x + box.width)) - left,
    height: Math.max(...boxes.map((box) => box.y + box.height)) - top,
  };
}
