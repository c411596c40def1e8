"use client";

import { useCallback, useMemo, useState } from "react";
import type { FlowDiagnostic } from "@/server/domain/call-flow";
import type { FieldIssue } from "./editor-context";
import type { FlowDocument } from "./flow-document";
import { peopleIssue, type PeopleIssue } from "./issue-messages";

const NOTHING: ReadonlySet<string> = new Set();

/** An issue in people's words, with the rule's path to decide when it shows. */
type ShownIssue = PeopleIssue & { path: string };

/** An issue as the issues panel lists it: every one, each saying whether the user is to see it
 * as a problem yet (a field already left) or only as a step still to do. */
export type ListedIssue = PeopleIssue & { revealed: boolean };

/** Whether the user is to see an issue at `path` yet: once they have left its field (or a field
 * inside it, or the module it is in), or once saving has been tried. */
function revealedAt(path: string, revealed: ReadonlySet<string>): boolean {
  if (revealed.has(path)) return true;
  for (const done of revealed) if (path.startsWith(`${done}.`) || done.startsWith(`${path}.`)) return true;
  return false;
}

type Validation = { errors: FlowDiagnostic[]; warnings: FlowDiagnostic[] };

/**
 * The flow's problems in people's words, and which of them the user is to see yet. A new flow
 * shows none before the user has done anything: each field's show once it is left, and all of
 * them once saving has been tried (`revealAll`). A stored flow shows what it had.
 */
export function useRevealedIssues({
  stored,
  flow,
  validation,
  moduleNamesByKey,
}: {
  stored: boolean;
  flow: FlowDocument["flow"];
  validation: Validation;
  moduleNamesByKey: ReadonlyMap<string, string>;
}) {
  const [revealAll, setRevealAll] = useState(false);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(() =>
    !stored ? NOTHING : new Set([...validation.errors, ...validation.warnings].map((issue) => issue.path)),
  );
  const reveal = useCallback(
    (path: string) =>
      setRevealed((current) => {
        if (current.has(path)) return current;
        const next = new Set(current);
        next.add(path);
        return next;
      }),
    [],
  );
  const issues = useMemo(() => {
    const context = { flow, names: moduleNamesByKey };
    const words = (list: FlowDiagnostic[]): ShownIssue[] =>
      list.map((issue) => ({ ...peopleIssue(issue, context), path: issue.path }));
    return { errors: words(validation.errors), warnings: words(validation.warnings) };
  }, [validation, flow, moduleNamesByKey]);
  const listed = useMemo(() => {
    const mark = (issue: ShownIssue): ListedIssue & { path: string } => ({
      ...issue,
      revealed: revealAll || revealedAt(issue.path, revealed),
    });
    return { errors: issues.errors.map(mark), warnings: issues.warnings.map(mark) };
  }, [issues, revealAll, revealed]);
  const shown = useMemo(
    () => ({
      errors: listed.errors.filter((issue) => issue.revealed),
      warnings: listed.warnings.filter((issue) => issue.revealed),
    }),
    [listed],
  );
  const moduleIssues = useMemo(() => {
    const byModule = new Map<string, { errors: FieldIssue[]; warnings: FieldIssue[] }>();
    const place = (issue: ShownIssue, bucket: "errors" | "warnings") => {
      if (issue.moduleKey === null) return;
      let entry = byModule.get(issue.moduleKey);
      if (!entry) {
        entry = { errors: [], warnings: [] };
        byModule.set(issue.moduleKey, entry);
      }
      entry[bucket].push({ path: issue.field, message: issue.text });
    };
    for (const issue of shown.errors) place(issue, "errors");
    for (const issue of shown.warnings) place(issue, "warnings");
    return byModule;
  }, [shown]);
  const statuses = useMemo(() => {
    const result: Record<string, "warning" | "error"> = {};
    for (const [key, found] of moduleIssues) {
      if (found.errors.length > 0) result[key] = "error";
      else if (found.warnings.length > 0) result[key] = "warning";
    }
    return result;
  }, [moduleIssues]);
  const revealEverything = useCallback(() => setRevealAll(true), []);
  return { issues, listed, shown, moduleIssues, statuses, reveal, revealAll: revealEverything };
}
