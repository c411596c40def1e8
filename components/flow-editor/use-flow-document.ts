"use client";

import { useCallback, useMemo, useState } from "react";
import {
  validateCallFlow,
  type AccountResources,
  type ExtensionRange,
  type FlowIssue,
  type ModuleType,
  type ValidationResult,
} from "@/server/domain/call-flow";

import type { FlowDocument } from "./flow-document";

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

export type ModuleIssues = { errors: FlowIssue[]; warnings: FlowIssue[] };

/** Splits document-level issues by module, with paths made relative to the module. */
function issuesByModule(result: ValidationResult, keys: string[]): Map<string, ModuleIssues> {
  const byModule = new Map<string, ModuleIssues>(keys.map((key) => [key, { errors: [], warnings: [] }]));
  const place = (issue: FlowIssue, bucket: "errors" | "warnings") => {
    if (!issue.path.startsWith("flow.")) return;
    const rest = issue.path.slice("flow.".length);
    // Longest key first: a key may itself contain dots.
    const key = keys.filter((k) => rest === k || rest.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return;
    byModule.get(key)![bucket].push({ path: rest.slice(key.length + 1), message: issue.message });
  };
  result.errors.forEach((issue) => place(issue, "errors"));
  result.warnings.forEach((issue) => place(issue, "warnings"));
  return byModule;
}

/**
 * The document under edit and its live validation: the same pure validator the server runs,
 * against the account's own resources, on every change.
 */
export function useFlowDocument(initial: FlowDocument, resources: AccountResources, extensionRange: ExtensionRange) {
  const [document, setDocument] = useState<FlowDocument>(initial);
  const [saved, setSaved] = useState<FlowDocument>(initial);
  const validation = useMemo(() => validateCallFlow(document, { resources, extensionRange }), [document, resources, extensionRange]);
  const keys = useMemo(() => Object.keys(document.flow), [document.flow]);
  const moduleIssues = useMemo(() => issuesByModule(validation, keys), [validation, keys]);

  const updateModule = useCallback((key: string, module: Record<string, unknown>) => {
    setDocument((current) => ({ ...current, flow: { ...current.flow, [key]: module } }));
  }, []);

  const addModule = useCallback((type: ModuleType): string => {
    const key = crypto.randomUUID();
    setDocument((current) => ({ ...current, flow: { ...current.flow, [key]: newModule(type) } }));
    return key;
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
    moduleIssues,
    updateModule,
    addModule,
    deleteModule,
    dirty: JSON.stringify(document) !== JSON.stringify(saved),
    markSaved: (next: FlowDocument) => {
      setDocument(next);
      setSaved(next);
    },
  };
}

