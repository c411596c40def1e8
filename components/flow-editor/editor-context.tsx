"use client";

import { createContext, useContext } from "react";
import type { ModuleType, ResourceKind } from "@/server/domain/call-flow";

/** A picker's choice; a sound with audio carries where to play it from. */
export type ResourceOption = { id: string; label: string; audioUrl?: string };
export type ResourceOptions = Record<ResourceKind, ResourceOption[]>;

/** A problem at one field of a module, in people's words; `path` is relative to the module. */
export type FieldIssue = { path: string; message: string };

/**
 * A picker's choice that makes a new resource for its field (a template's "New placeholder…"):
 * `make` asks for what it needs and answers the new option's id, or null when the person gave up.
 */
export type ResourceMaker = { label: string; make: (kinds: readonly ResourceKind[]) => Promise<string | null> };

/** What every module form needs from the editor around it. */
export type EditorContextValue = {
  /** The modules a route can point at, labelled for a picker ("Ring: Pete (201)"). */
  moduleOptions: { key: string; label: string }[];
  resources: ResourceOptions;
  /** The account's resources by uuid, named as the graph names them ("Pete (201)"). */
  resourceNames: ReadonlyMap<string, string>;
  /** The issues of one module the user is to see now: those of fields already left, or all
   * once saving has been tried. */
  issuesOf: (moduleKey: string) => { errors: FieldIssue[]; warnings: FieldIssue[] };
  /** Marks a field as done with (left, or a choice made), which shows its problems. */
  reveal: (moduleKey: string, path: string) => void;
  /** Adds a new module of `type` on the route `field` (`next`, `next.1`) of the module
   * `moduleKey`: in between when the route led somewhere, the new module going on to where it
   * led. Returns its key, which the route now holds. */
  addModule: (type: ModuleType, route: { moduleKey: string; field: string }) => string;
  /** Offered by every resource picker after the resources, when the editor can make one. */
  newResource: ResourceMaker | null;
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("module forms must be rendered inside the flow editor");
  return value;
}
