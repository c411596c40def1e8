"use client";

import { MODULE_REGISTRY, MODULE_TYPES, type ModuleType } from "@/server/domain/call-flow";

/** The drag data a palette entry carries onto the graph: the module type. */
export const MODULE_TYPE_MIME = "application/x-call-flow-module-type";

export type HistoryControls = { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };

/** Every type a user can add; a flow has one Start, made with the flow. */
export const ADDABLE_TYPES: readonly ModuleType[] = MODULE_TYPES.filter((type) => type !== "start");

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

type GraphToolbarProps = {
  history: HistoryControls;
  onAutoLayout: () => void;
  onCopy: () => void;
  onPaste: () => void;
  /** A palette entry chosen by click or keyboard adds the module in the middle of the view. */
  onAddModule: (type: ModuleType) => void;
};

/** Undo and redo, layout, the clipboard, and the palette of module types to drag onto the graph. */
export function GraphToolbar({ history, onAutoLayout, onCopy, onPaste, onAddModule }: GraphToolbarProps) {
  const mod = isMac() ? "⌘" : "Ctrl+";
  return (
    <div className="graph-toolbar">
      <div role="toolbar" aria-label="Graph" className="row-inline graph-actions">
        <button type="button" className="secondary" onClick={history.undo} disabled={!history.canUndo} title={`${mod}Z`}>
          Undo
        </button>
        <button type="button" className="secondary" onClick={history.redo} disabled={!history.canRedo} title={`Shift+${mod}Z`}>
          Redo
        </button>
        <button type="button" className="secondary" onClick={onAutoLayout}>
          Auto layout
        </button>
        <button
          type="button"
          className="secondary"
          onClick={onCopy}
          title={`${mod}C: the selected modules (Shift-click or Shift-drag selects several)`}
        >
          Copy modules
        </button>
        <button type="button" className="secondary" onClick={onPaste} title={`${mod}V`}>
          Paste modules
        </button>
      </div>
      <details className="graph-palette-box">
        <summary>Module palette</summary>
        <div
          role="toolbar"
          aria-label="Module palette: drag a type onto the graph, or press it to add one"
          className="graph-palette"
        >
          {ADDABLE_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className="palette-item"
              draggable
              data-testid={`palette-${type}`}
              onDragStart={(event) => {
                event.dataTransfer.setData(MODULE_TYPE_MIME, type);
                event.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => onAddModule(type)}
            >
              {MODULE_REGISTRY[type].label}
            </button>
          ))}
        </div>
      </details>
    </div>
  );
}
