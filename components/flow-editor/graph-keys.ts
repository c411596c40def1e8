"use client";

import { useMemo, useState, type FocusEvent } from "react";

const DELETE_KEYS = ["Delete", "Backspace"];
// Shift-click adds a module to the selection, as Shift-drag selects an area.
const MULTI_SELECTION_KEYS = ["Shift", "Meta", "Control"];
const AREA_SELECTION_KEY = "Shift";
// Ctrl (Cmd on a Mac) with the wheel zooms, the wheel alone scrolling.
const ZOOM_KEYS = ["Meta", "Control"];

/**
 * Whether the pointer or the focus is in the graph. React Flow watches its modifier keys on the
 * whole window, and each press and release of Shift or Ctrl updates its store and redraws its
 * pane: Shift+Ctrl+Z in a module's form would pay for four of them. Outside the graph they mean
 * nothing to it, so it watches them only while the graph is in use.
 */
function useGraphInUse() {
  const [pointerIn, setPointerIn] = useState(false);
  const [focusIn, setFocusIn] = useState(false);
  const handlers = useMemo(
    () => ({
      onPointerEnter: () => setPointerIn(true),
      onPointerLeave: () => setPointerIn(false),
      onFocus: () => setFocusIn(true),
      onBlur: (event: FocusEvent<HTMLElement>) => {
        // Focus moving between the graph's own nodes and handles stays in it.
        if (!event.relatedTarget || !event.currentTarget.contains(event.relatedTarget)) setFocusIn(false);
      },
    }),
    [],
  );
  return { inUse: pointerIn || focusIn, handlers };
}

/**
 * The graph's keys for React Flow: Delete and Backspace remove selected routes, Shift (or Ctrl)
 * adds to the selection, Shift-drag selects an area, Ctrl with the wheel zooms; the modifier keys
 * only while the graph is in use (see `useGraphInUse`). `handlers` go on the graph's container.
 */
export function useGraphKeys() {
  const { inUse, handlers } = useGraphInUse();
  return {
    handlers,
    keys: {
      deleteKeyCode: DELETE_KEYS,
      multiSelectionKeyCode: inUse ? MULTI_SELECTION_KEYS : null,
      selectionKeyCode: inUse ? AREA_SELECTION_KEY : null,
      zoomActivationKeyCode: inUse ? ZOOM_KEYS : null,
    },
  };
}
