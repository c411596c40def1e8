"use client";

import { useCallback, useEffect, useRef } from "react";

/** Where typing and text selection own the clipboard keys: fields, and any selected text. */
function textHasTheKeys(target: EventTarget | null): boolean {
  if ((window.getSelection()?.toString() ?? "") !== "") return true;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select") !== null;
}

function copiedNotice(text: string): string {
  const count = Object.keys((JSON.parse(text) as { modules: object }).modules).length;
  return `Copied ${count === 1 ? "1 module" : `${count} modules`}.`;
}

type ModuleClipboard = {
  /** The clipboard text of what is selected, or null when nothing is. */
  copyText: () => string | null;
  paste: (text: string) => void;
  onNotice: (message: string) => void;
};

/**
 * Ctrl/Cmd+C and V for modules, and the toolbar's buttons. A key press first lets the page's own
 * copy or paste event carry the text; when the browser sends none (nothing editable has the
 * focus), the asynchronous clipboard API is used. The toolbar's buttons use that API, falling
 * back to the copy command, which raises the copy event.
 */
export function useModuleClipboard({ copyText, paste, onNotice }: ModuleClipboard) {
  const latest = useRef({ copyText, paste, onNotice });
  latest.current = { copyText, paste, onNotice };
  // Set by a copy or paste event of the current key press or command.
  const handledByEvent = useRef(false);

  const copy = useCallback(() => {
    const text = latest.current.copyText();
    if (text === null) {
      latest.current.onNotice("Select one or more modules in the graph to copy them.");
      return;
    }
    const viaCommand = () => {
      handledByEvent.current = false;
      document.execCommand("copy");
      latest.current.onNotice(handledByEvent.current ? copiedNotice(text) : "The browser did not allow copying.");
    };
    if (!navigator.clipboard?.writeText) {
      viaCommand();
      return;
    }
    navigator.clipboard.writeText(text).then(() => latest.current.onNotice(copiedNotice(text)), viaCommand);
  }, []);

  const pasteFromClipboard = useCallback(() => {
    const refused = () =>
      latest.current.onNotice("The browser did not give the clipboard: press Ctrl+V (⌘V) in the graph to paste.");
    if (!navigator.clipboard?.readText) {
      refused();
      return;
    }
    navigator.clipboard.readText().then((text) => latest.current.paste(text), refused);
  }, []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || textHasTheKeys(event.target)) return;
      const key = event.key.toLowerCase();
      if (key !== "c" && key !== "v") return;
      handledByEvent.current = false;
      // The browser's copy or paste event, if any, comes before this runs.
      setTimeout(() => {
        if (handledByEvent.current) return;
        if (key === "v") pasteFromClipboard();
        else if (latest.current.copyText() !== null) copy();
      }, 0);
    }
    function onCopy(event: ClipboardEvent) {
      if (textHasTheKeys(event.target) || !event.clipboardData) return;
      const text = latest.current.copyText();
      if (text === null) return;
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
      handledByEvent.current = true;
      latest.current.onNotice(copiedNotice(text));
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

  return { copy, paste: pasteFromClipboard };
}
