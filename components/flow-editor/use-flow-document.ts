"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import {
  diagnoseCallFlow,
  sameJson,
  type AccountResources,
  type ExtensionRange,
  type FlowDiagnosis,
  type ModuleType,
  moduleTypeDefinition,
} from "@/server/domain/call-flow";

import type { FlowDocument } from "./flow-document";
import { recorded, redone, replacedPresent, startTimeline, undone, type Timeline } from "./history";
import { withEveryModulePlaced, type FlowPositions } from "./layout-positions";
import { connectAfter, insertedOnRoute } from "./routes";

/** What the editor edits and undoes as one: the flow, and where its modules are drawn. */
export type EditorState = { readonly document: FlowDocument; readonly positions: FlowPositions };

/**
 * The one field a change touched, as `name` (a setting) or `flow.<module key>.<field>`; null when
 * it touched more than one, added or removed a module, or moved one.
 */
export function changedField(before: EditorState, after: EditorState): string | null {
  if (before.positions !== after.positions) return null;
  const changedFields = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (field) => a[field] !== b[field] && !sameJson(a[field], b[field]),
    );
  const settings = changedFields(before.document, after.document);
  if (settings.length !== 1) return null;
  if (settings[0] !== "flow") return settings[0] ?? null;
  const modules = changedFields(before.document.flow, after.document.flow);
  const key = modules[0];
  const [from, to] = [before.document.flow[key ?? ""], after.document.flow[key ?? ""]];
  if (modules.length !== 1 || !key || !from || !to) return null;
  const fields = changedFields(from, to);
  return fields.length === 1 ? `flow.${key}.${fields[0]}` : null;
}

/** A module of `type` as the editor first adds it: its registry entry's template. */
export function newModule(type: ModuleType): Record<string, unknown> {
  return structuredClone(moduleTypeDefinition(type).newModule) as Record<string, unknown>;
}

/**
 * The document under edit and its live validation: the same pure rules the server runs,
 * against the account's own resources, on every change, with each issue's rule and module.
 * Every change is a step of one undo history (see history.ts); every module always has a place
 * in the graph, a module added by any means being placed as it comes.
 */
export function useFlowDocument(
  initial: FlowDocument,
  resources: AccountResources,
  extensionRange: ExtensionRange,
  initialPositions: FlowPositions | null = null,
) {
  const [timeline, setTimeline] = useState<Timeline<EditorState>>(() =>
    startTimeline({ document: initial, positions: withEveryModulePlaced(initial.flow, initialPositions ?? {}) }),
  );
  const { document, positions } = timeline.present;
  const [saved, setSaved] = useState<FlowDocument>(initial);
  const validation: FlowDiagnosis = useMemo(
    () => diagnoseCallFlow(document, { resources, extensionRange }),
    [document, resources, extensionRange],
  );
  const current = useRef(document);
  current.current = document;

  /** One step of the history: any change of the flow, its drawing, or both; typing in one field
   * joins the step before it (see `BURST_PAUSE_MS`). */
  const edit = useCallback((change: (state: EditorState) => EditorState) => {
    const at = Date.now();
    setTimeline((previous) => {
      const changed = change(previous.present);
      if (changed === previous.present) return previous;
      const placed = withEveryModulePlaced(changed.document.flow, changed.positions);
      const next = placed === changed.positions ? changed : { ...changed, positions: placed };
      return recorded(previous, next, { field: changedField(previous.present, next), at }, sameJson);
    });
  }, []);

  const setDocument = useCallback(
    (next: FlowDocument | ((current: FlowDocument) => FlowDocument)) => {
      if (typeof next !== "function") current.current = next;
      edit((state) => {
        const document = typeof next === "function" ? next(state.document) : next;
        return document === state.document ? state : { ...state, document };
      });
    },
    [edit],
  );

  const updateModule = useCallback(
    (key: string, module: Record<string, unknown>) => {
      // A form echoing back the module it was given (after undo, say) is no change.
      setDocument((current) =>
        sameJson(current.flow[key], module) ? current : { ...current, flow: { ...current.flow, [key]: module } },
      );
    },
    [setDocument],
  );

  /** Adds a module of `type`; with `after`, connects it there (see `connectAfter`). Returns its
   * key and the route of `after` that leads to it. */
  const addModule = useCallback(
    (type: ModuleType, after: string | null = null): { key: string; via: readonly string[] | null } => {
      const key = crypto.randomUUID();
      const flow = { ...current.current.flow, [key]: newModule(type) };
      const connected = after === null ? { flow, via: null } : connectAfter(flow, after, key);
      const next = { ...current.current, flow: connected.flow as FlowDocument["flow"] };
      current.current = next;
      setDocument(next);
      return { key, via: connected.via };
    },
    [setDocument],
  );

  /** Adds a module of `type` on the route `field` of `source`, in between when the route led
   * somewhere (see `insertedOnRoute`). Returns its key and the route of it that goes on. */
  const insertModule = useCallback(
    (type: ModuleType, source: string, field: readonly string[]): { key: string; continuedBy: readonly string[] | null } => {
      const key = crypto.randomUUID();
      const inserted = insertedOnRoute({ ...current.current.flow, [key]: newModule(type) }, source, field, key);
      const next = { ...current.current, flow: inserted.flow as FlowDocument["flow"] };
      current.current = next;
      setDocument(next);
      return { key, continuedBy: inserted.continuedBy };
    },
    [setDocument],
  );

  const deleteModule = useCallback(
    (key: string) => {
      setDocument((current) => {
        const { [key]: _removed, ...rest } = current.flow;
        return { ...current, flow: rest };
      });
    },
    [setDocument],
  );

  return {
    document,
    positions,
    setDocument,
    edit,
    undo: useCallback(() => setTimeline(undone), []),
    redo: useCallback(() => setTimeline(redone), []),
    canUndo: timeline.past.length > 0,
    canRedo: timeline.future.length > 0,
    validation,
    updateModule,
    addModule,
    insertModule,
    deleteModule,
    dirty: !sameJson(document, saved),
    markSaved: (next: FlowDocument) => {
      current.current = next;
      setTimeline((previous) =>
        replacedPresent(previous, { document: next, positions: withEveryModulePlaced(next.flow, previous.present.positions) }),
      );
      setSaved(next);
    },
    /** `next` was saved while the user may have typed on: only what counts as saved moves. */
    markSavedAs: setSaved,
  };
}
