"use client";

import { useCallback, useState, useSyncExternalStore } from "react";

/** Where the browser remembers whether the editor's side panel is collapsed. */
const PANEL_STORAGE_KEY = "flow-editor.side-panel";
const PANEL_CHANGED = "flow-editor-side-panel";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(PANEL_CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(PANEL_CHANGED, onChange);
  };
}

/**
 * Whether the side panel (forms, tabs, issues) is open beside the graph, remembered per browser:
 * someone who reads flows with the panel collapsed finds it collapsed the next time too. Open on
 * the server and until the browser's choice is read, so a first visit shows the forms.
 */
export function useSidePanel(): { open: boolean; setOpen: (open: boolean) => void } {
  const open = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(PANEL_STORAGE_KEY) !== "collapsed",
    () => true,
  );
  const setOpen = useCallback((next: boolean) => {
    window.localStorage.setItem(PANEL_STORAGE_KEY, next ? "open" : "collapsed");
    window.dispatchEvent(new Event(PANEL_CHANGED));
  }, []);
  return { open, setOpen };
}

/** From this width up the graph and the panel sit side by side (Tailwind's `lg`). */
const SIDE_BY_SIDE = "(min-width: 1024px)";
/** The main column's padding under the workspace, so the page ends where the window does. */
const BOTTOM_SPACE = 28;
/** Below this the graph shows too little to work in: the page scrolls instead. */
const MIN_HEIGHT = 480;

/**
 * The height that takes the workspace (the graph and its side panel) from where it starts down to
 * the bottom of the window, side by side only; stacked (below 1024 px) it keeps its own height.
 * Measured again whenever what is above it (the draft bar's notices) or the window changes size.
 */
export function useRemainingHeight(): { ref: (element: HTMLElement | null) => (() => void) | undefined; height?: number } {
  const [height, setHeight] = useState<number | undefined>(undefined);
  // A callback ref: the workspace appears only once a new flow's starting point is chosen.
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return undefined;
    const sideBySide = window.matchMedia(SIDE_BY_SIDE);
    const measure = () => {
      if (!sideBySide.matches) {
        setHeight(undefined);
        return;
      }
      const top = element.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - BOTTOM_SPACE)));
    };
    measure();
    const above = new ResizeObserver(measure);
    above.observe(document.body);
    window.addEventListener("resize", measure);
    sideBySide.addEventListener("change", measure);
    return () => {
      above.disconnect();
      window.removeEventListener("resize", measure);
      sideBySide.removeEventListener("change", measure);
    };
  }, []);
  return { ref, height };
}
