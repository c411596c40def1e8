"use client";

import { diffCallFlows, type TCallFlowSettings } from "@/server/domain/call-flow";
import { SETTINGS_FIELD_TEXTS } from "./field-labels";
import type { FlowDocument } from "./flow-document";
import { moduleNames } from "./issue-messages";

function modules(count: number): string {
  return count === 1 ? "1 module" : `${count} modules`;
}

/**
 * What publishing changes for callers, as the confirmation before it says it: how many modules
 * are added, removed and changed, and which settings, each by the name the editor gives it. A
 * flow never published yet has no live version: all of it goes live.
 */
export function PublishSummary({ live, draft }: { live: FlowDocument | null; draft: FlowDocument }) {
  if (!live)
    return (
      <p data-testid="publish-summary">The flow goes live for the first time, with {modules(Object.keys(draft.flow).length)}.</p>
    );
  const diff = diffCallFlows(live, draft);
  const liveNames = moduleNames(live.flow);
  const draftNames = moduleNames(draft.flow);
  const named = (keys: readonly { key: string }[], names: ReadonlyMap<string, string>) =>
    keys.map(({ key }) => names.get(key) ?? "Unknown module").join(", ");
  const settings = diff.settings.map(
    (change) => SETTINGS_FIELD_TEXTS[change.path as keyof TCallFlowSettings]?.label ?? change.path,
  );
  const lines = [
    diff.added.length > 0 ? `${modules(diff.added.length)} added: ${named(diff.added, draftNames)}` : null,
    diff.removed.length > 0 ? `${modules(diff.removed.length)} removed: ${named(diff.removed, liveNames)}` : null,
    diff.changed.length > 0 ? `${modules(diff.changed.length)} changed: ${named(diff.changed, draftNames)}` : null,
    settings.length > 0 ? `Settings changed: ${settings.join(", ")}` : null,
  ].filter((line): line is string => line !== null);
  if (lines.length === 0)
    return <p data-testid="publish-summary">Nothing differs from live: publishing makes a new version alike.</p>;
  return (
    <ul className="flex flex-col gap-1" data-testid="publish-summary">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
