"use client";

import { MODULE_REGISTRY, MODULE_TYPES, moduleTypeDefinition, type ModuleType } from "@/server/domain/call-flow";
import type { ReactNode } from "react";
import { useUnavailableModuleTypes } from "@/components/plans/plan-usage";
import { Tooltip } from "@/components/ui/tooltip";
import { Button } from "@/components/ui/button";

/** The drag data a palette entry carries onto the graph: the module type. */
export const MODULE_TYPE_MIME = "application/x-call-flow-module-type";

export type HistoryControls = { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };

/** Every type a user can add; a flow has one Start, made with the flow. */
export const ADDABLE_TYPES: readonly ModuleType[] = MODULE_TYPES.filter((type) => type !== "start");

/** The types that can go between two modules: those with a route on to the next one. */
export const STEP_TYPES: readonly ModuleType[] = ADDABLE_TYPES.filter((type) => {
  const definition = moduleTypeDefinition(type);
  return definition.routes.length > 0 || definition.menu !== undefined;
});

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

type GraphToolbarProps = {
  history: HistoryControls;
  onAutoLayout: () => void;
  onCopy: () => void;
  onPaste: () => void;
  /** A palette entry chosen by click or keyboard adds the module in the middle of the view. */
  onAddModule: (type: ModuleType) => void;
  /** Drawn at the toolbar's far end. */
  end?: ReactNode;
};

/** Undo and redo, layout, the clipboard, and the palette of module types to drag onto the graph. */
export function GraphToolbar({ history, onAutoLayout, onCopy, onPaste, onAddModule, end }: GraphToolbarProps) {
  const mod = isMac() ? "⌘" : "Ctrl+";
  // Types outside the account's plan are shown, struck through, with the reason.
  const unavailable = useUnavailableModuleTypes();
  return (
    <div className="flex flex-wrap items-start gap-1.5 text-xs">
      <div role="toolbar" aria-label="Graph" className="flex flex-wrap gap-1.5">
        <Button size="sm" variant="secondary" onClick={history.undo} disabled={!history.canUndo} title={`${mod}Z`}>
          Undo
        </Button>
        <Button size="sm" variant="secondary" onClick={history.redo} disabled={!history.canRedo} title={`Shift+${mod}Z`}>
          Redo
        </Button>
        <Button size="sm" variant="secondary" onClick={onAutoLayout}>
          Auto layout
        </Button>
        <Button
          size="sm"
          variant="secondary"
          onClick={onCopy}
          title={`${mod}C: the selected modules (Shift-click or Shift-drag selects several)`}
        >
          Copy modules
        </Button>
        <Button size="sm" variant="secondary" onClick={onPaste} title={`${mod}V`}>
          Paste modules
        </Button>
      </div>
      <details>
        <summary className="rounded-md px-1.5 py-1 hover:bg-subtle">Module palette</summary>
        <div
          role="toolbar"
          aria-label="Module palette: drag a type onto the graph, or press it to add one"
          className="flex flex-wrap gap-1.5 pt-1.5"
        >
          {ADDABLE_TYPES.map((type) =>
            unavailable[type] ? (
              <Tooltip key={type} label={unavailable[type]}>
                <button
                  type="button"
                  aria-disabled="true"
                  aria-label={`${MODULE_REGISTRY[type].label}: ${unavailable[type]}`}
                  className="cursor-not-allowed rounded-md border border-dashed border-border bg-subtle px-2 py-0.5 text-xs text-muted line-through"
                  data-testid={`palette-${type}`}
                >
                  {MODULE_REGISTRY[type].label}
                </button>
              </Tooltip>
            ) : (
              <button
                key={type}
                type="button"
                className="cursor-grab rounded-md border border-border bg-surface px-2 py-0.5 text-xs text-fg hover:bg-subtle"
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
            ),
          )}
        </div>
      </details>
      {end ? <div className="ml-auto">{end}</div> : null}
    </div>
  );
}
