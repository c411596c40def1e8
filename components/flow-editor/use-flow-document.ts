"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import {
  diagnoseCallFlow,
  type AccountResources,
  type ExtensionRange,
  type FlowDiagnosis,
  type ModuleType,
} from "@/server/domain/call-flow";

import type { FlowDocument } from "./flow-document";
import { connectAfter } from "./routes";

/** A module of each type as the editor first adds it: the required fields, nothing assumed. */
const NEW_MODULES: Record<ModuleType, Record<string, unknown>> = {
  start: { module: "start", next: "" },
  recording: { module: "recording", next: "" },
  musiconhold: { module: "musiconhold", class: "", next: "" },
  calleridmatch: { module: "calleridmatch", patterns: [""], match: "", nomatch: "" },
  play: { module: "play", sound: "", next: "" },
  extension: { module: "extension", extensions: [{ type: "sipuser", uuid: "" }] },
  pressextension: { module: "pressextension", next: { "1": "", invalid: "", timeout: "" } },
  dialbyextension: { module: "dialbyextension", ringtone: "", noanswer: "sipuser_voicemail", next: { invalid: "", timeout: "" } },
  busy: { module: "busy" },
  voicemail: { module: "voicemail", mailboxes: [] },
  conference: { module: "conference" },
  Trunk: { module: "Trunk", uuid: "" },
  fax: { module: "fax" },
};

export function newModule(type: ModuleType): Record<string, unknown> {
  return structuredClone(NEW_MODULES[type]);
}

/**
 * The document under edit and its live validation: the same pure rules the server runs,
 * against the account's own resources, on every change, with each issue's rule and module.
 */
export function useFlowDocument(initial: FlowDocument, resources: AccountResources, extensionRange: ExtensionRange) {
  const [document, setDocument] = useState<FlowDocument>(initial);
  const [saved, setSaved] = useState<FlowDocument>(initial);
  const validation: FlowDiagnosis = useMemo(
    () => diagnoseCallFlow(document, { resources, extensionRange }),
    [document, resources, extensionRange],
  );
  const current = useRef(document);
  current.current = document;

  const updateModule = useCallback((key: string, module: Record<string, unknown>) => {
    setDocument((current) => ({ ...current, flow: { ...current.flow, [key]: module } }));
  }, []);

  /** Adds a module of `type`; with `after`, connects it there (see `connectAfter`). Returns its
   * key and the route of `after` that leads to it. */
  const addModule = useCallback((type: ModuleType, after: string | null = null): { key: string; via: readonly string[] | null } => {
    const key = crypto.randomUUID();
    const flow = { ...current.current.flow, [key]: newModule(type) };
    const connected = after === null ? { flow, via: null } : connectAfter(flow, after, key);
    const next = { ...current.current, flow: connected.flow as FlowDocument["flow"] };
    current.current = next;
    setDocument(next);
    return { key, via: connected.via };
  }, []);

  const deleteModule = useCallback((key: string) => {
    setDocument((current) => {
      const { [key]: _removed, ...rest } = current.flow;
      return { ...current, flow: rest };
    });
  }, []);

  return {
    document,
    setDocument,
    validation,
    updateModule,
    addModule,
    deleteModule,
    dirty: JSON.stringify(document) !== JSON.stringify(saved),
    markSaved: (next: FlowDocument) => {
      setDocument(next);
      setSaved(next);
    },
    /** `next` was saved while the user may have typed on: only what counts as saved moves. */
    markSavedAs: setSaved,
  };
}

