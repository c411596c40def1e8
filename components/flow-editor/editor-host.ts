import type { ReactNode } from "react";
import type { ResourceMaker } from "./editor-context";
import type { EditorResources } from "./editor-resources";
import type { FlowDocument } from "./flow-document";

/** What the editor hands the host's own parts: the flow as edited, and how to change it. */
export type HostedEditing = {
  document: FlowDocument;
  /** Whether the flow differs from what was last marked saved. */
  dirty: boolean;
  /** How many errors the flow's rules find now. */
  errorCount: number;
  /** Replaces the flow as one step of the undo history. */
  setDocument: (next: FlowDocument) => void;
  markSaved: (saved: FlowDocument) => void;
  /** Shows every issue at once, as trying to save does. */
  revealAll: () => void;
};

/**
 * What edits a flow that is part of something else than an account's stored call flow (a
 * template): it brings the resources its pickers offer, its own name field and saving, and its own
 * JSON. A stored flow's drafts, history and test call are left out.
 */
export type EditorHost = {
  /** Whether it starts as a new, empty flow: the starting points are offered first, and each
   * issue shows once its field is left rather than all at once. */
  blank: boolean;
  resources: EditorResources;
  newResource: ResourceMaker | null;
  /** Above the views, in place of a stored flow's settings, draft bar and Save. */
  header: (editing: HostedEditing) => ReactNode;
  /** The JSON view, in place of the call flow's JSON. */
  json: (editing: HostedEditing) => ReactNode;
  /** Below the module's form beside the graph (a template's placeholders). */
  aside: (editing: HostedEditing) => ReactNode;
};
