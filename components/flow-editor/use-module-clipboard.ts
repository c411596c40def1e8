"use client";

import { useCallback, useEffect, useRef } from "react";

/** Where typing and text selection own the clipboard keys: fields, and any selected text. */
function textHasTheKeys(target: EventTarget | null): boolean {
  if (typeof window !== "undefined" && (window.getSelection()?.toString() ?? "") !== "") return true;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

type ModuleClipboard = {
  /** The clipboard text of what is selected, or null when nothing is. */
  copyText: () => string | null;
  paste: (text: string) => void;
  onNotice: (message: string) => void;
};

/**
 * Ctrl/Cmd+C and V for modules, and the toolbar's buttons. The asynchronous clipboard API is
 * tried first; where the browser refuses it (no permission, no secure context), the page's own
 * copy and paste events carry the text. A key press may bring both: whichever comes first wins.
 */
export function useModuleClipboard({ copyText, paste, onNotice }: ModuleClipboard) {
  const latest = useRef({ copyText, paste, onNotice });
  latest.current = { copyText, paste, onNotice };
  // Set by a copy or paste event of the current key press, so the clipboard API does not repeat it.
  const handledByEvent = useRef(false);

  const copy = useCallback(() => {
    const text = latest.current.copyText();
    if (text === null) {
      latest.current.onNotice("Select one or more modules in the graph to copy them.");
      return;
    }
    const count = Object.keys((JSON.parse(text) as { modules: object }).modules).length;
    const copied = `Copied ${count === 1 ? "1 module" : `${count} modules`}.`;
    void navigator.clipboard?.writeText(text).then(
      () => latest.current.onNotice(copied),
      () => {
        // The copy event handler below fills the clipboard when the browser runs the copy command.
        handledByEvent.current = false;
        document.execCommand("copy");
        latest.current.onNotice(handledByEvent.current ? copied : "The browser did not allow copying.");
      },
    );
  }, []);

  const pasteFromClipboard = useCallback((afterEvent: boolean) => {
    if (!navigator.clipboard?.readText) return;
    navigator.clipboard.readText().then(
      (text) => {
        if (afterEvent && handledByEvent.current) return;
        latest.current.paste(text);
      },
      () => {
        if (afterEvent && handledByEvent.current) return;
        latest.current.onNotice("The browser did not give the clipboard: press Ctrl+V (⌘V) in the graph to paste.");
      },
    );
  }, []);

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || textHasTheKeys(event.target)) return;
      const key = event.key.toLowerCase();
      if (key !== "c" && key !== "v") return;
      handledByEvent.current = false;
      if (key === "v") {
        pasteFromClipboard(true);
        return;
      }
      // Let the browser's copy event come first, then fall back to the clipboard API.
      setTimeout(() => {
        if (!handledByEvent.current && latest.current.copyText() !== null) copy();
      }, 0);
    }
    function onCopy(event: ClipboardEvent) {
      if (textHasTheKeys(event.target)) return;
      const text = latest.current.copyText();
      if (text === null || !event.clipboardData) return;
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
      handledByEvent.current = true;
    }
    function onPaste(event: ClipboardEvent) {
      if (textHasTheKeys(event.target) || !event.clipboardData) return;
      const text = event.clipboardData.getData("text/plain");
      if (!text) return;
      event.preventDefault();
      handledByEvent.current = true;
      latest.current.paste(text);
    }
    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [copy, pasteFromClipboard]);

  return { copy, paste: () => pasteFromClipboard(false) };
}
