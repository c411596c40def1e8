"use client";

import { createContext, useContext } from "react";
import type { FlowIssue, ModuleType, ResourceKind } from "@/server/domain/call-flow";

/** A picker's choice; a sound with audio carries where to play it from. */
export type ResourceOption = { id: string; label: string; audioUrl?: string };
export type ResourceOptions = Record<ResourceKind, ResourceOption[]>;

/** What every module form needs from the editor around it. */
export type EditorContextValue = {
  /** The modules a route can point at, labelled for a picker. */
  moduleOptions: { key: string; label: string }[];
  resources: ResourceOptions;
  /** Validation issues of one module, with paths relative to it (e.g. `next.1`). */
  issuesOf: (moduleKey: string) => { errors: FlowIssue[]; warnings: FlowIssue[] };
  /** Adds a new module of `type` and returns its key, so a route can point at it at once. */
  addModule: (type: ModuleType) => string;
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("module forms must be rendered inside the flow editor");
  return value;
}
