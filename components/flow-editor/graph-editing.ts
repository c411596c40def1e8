"use client";

import { useCallback, useMemo } from "react";
import type { ModuleType } from "@/server/domain/call-flow";
import { copiedModules, modulesOnClipboard, pastedModules } from "./clipboard-modules";
import type { FlowDocument } from "./flow-document";
import { routeOfHandle } from "./graph-model";
import { autoLayout, type ModulePosition } from "./layout-positions";
import { insertedOnRoute, withoutRoute, withRoute } from "./routes";
import { newModule, type EditorState } from "./use-flow-document";

/** A route of a module, as the graph names it: the module and the id of the route's handle. */
export type RouteRef = { source: string; handle: string };

/** What the graph can do to the flow; every change is one step of the editor's undo history. */
export type GraphEditing = {
  positions: Readonly<Record<string, ModulePosition>>;
  connect: (route: RouteRef, target: string) => void;
  clearRoutes: (routes: readonly RouteRef[]) => void;
  /** Adds a module of `type` drawn at `position`, led to by `from` when given; returns its key. */
  addModuleAt: (type: ModuleType, position: ModulePosition, from?: RouteRef) => string;
  /** Puts a new module of `type` on `route`, between its two ends (see `insertedOnRoute`);
   * it is drawn just under the route's module. Returns its key. */
  insertOn: (route: RouteRef, type: ModuleType) => string;
  move: (positions: Readonly<Record<string, ModulePosition>>) => void;
  autoLayout: () => void;
  /** The clipboard text for the modules `keys`, or null when none of them exists. */
  copy: (keys: Iterable<string>) => string | null;
  /** Pastes clipboard text; returns the pasted modules' keys, or null when it holds no modules. */
  paste: (text: string) => { keys: string[]; skippedStart: boolean; resourcesCleared: boolean } | null;
};

type Editor = {
  document: FlowDocument;
  positions: EditorState["positions"];
  edit: (change: (state: EditorState) => EditorState) => void;
};

function withModule(
  state: EditorState,
  key: string,
  change: (module: Record<string, unknown>) => Record<string, unknown>,
): EditorState {
  const module = state.document.flow[key];
  if (!module) return state;
  return { ...state, document: { ...state.document, flow: { ...state.document.flow, [key]: change(module) } } };
}

export function useGraphEditing({ document, positions, edit }: Editor, accountId: string): GraphEditing {
  const connect = useCallback(
    (route: RouteRef, target: string) =>
      edit((state) => withModule(state, route.source, (module) => withRoute(module, routeOfHandle(route.handle), target))),
    [edit],
  );
  const clearRoutes = useCallback(
    (routes: readonly RouteRef[]) =>
      edit((state) =>
        routes.reduce(
          (next, route) => withModule(next, route.source, (module) => withoutRoute(module, routeOfHandle(route.handle))),
          state,
        ),
      ),
    [edit],
  );
  const addModuleAt = useCallback(
    (type: ModuleType, position: ModulePosition, from?: RouteRef) => {
      const key = crypto.randomUUID();
      edit((state) => {
        const added: EditorState = {
          document: { ...state.document, flow: { ...state.document.flow, [key]: newModule(type) } },
          positions: { ...state.positions, [key]: position },
        };
        return from ? withModule(added, from.source, (module) => withRoute(module, routeOfHandle(from.handle), key)) : added;
      });
      return key;
    },
    [edit],
  );
  const insertOn = useCallback(
    (route: RouteRef, type: ModuleType) => {
      const key = crypto.randomUUID();
      edit((state) => {
        const flow = { ...state.document.flow, [key]: newModule(type) };
        const inserted = insertedOnRoute(flow, route.source, routeOfHandle(route.handle), key);
        return { ...state, document: { ...state.document, flow: inserted.flow as FlowDocument["flow"] } };
      });
      return key;
    },
    [edit],
  );
  const move = useCallback(
    (moved: Readonly<Record<string, ModulePosition>>) =>
      edit((state) => ({ ...state, positions: { ...state.positions, ...moved } })),
    [edit],
  );
  const layOut = useCallback(() => edit((state) => ({ ...state, positions: autoLayout(state.document.flow) })), [edit]);
  const copy = useCallback(
    (keys: Iterable<string>) => {
      const copied = copiedModules(document.flow, keys, positions, accountId);
      return copied ? JSON.stringify(copied) : null;
    },
    [document.flow, positions, accountId],
  );
  const paste = useCallback(
    (text: string) => {
      const clipboard = modulesOnClipboard(text);
      if (!clipboard) return null;
      const pasted = pastedModules(clipboard, accountId, () => crypto.randomUUID());
      edit((state) => ({
        document: { ...state.document, flow: { ...state.document.flow, ...pasted.modules } },
        positions: { ...state.positions, ...pasted.positions },
      }));
      return { keys: Object.keys(pasted.modules), skippedStart: pasted.skippedStart, resourcesCleared: pasted.resourcesCleared };
    },
    [edit, accountId],
  );
  return useMemo(
    () => ({ positions, connect, clearRoutes, addModuleAt, insertOn, move, autoLayout: layOut, copy, paste }),
    [positions, connect, clearRoutes, addModuleAt, insertOn, move, layOut, copy, paste],
  );
}
