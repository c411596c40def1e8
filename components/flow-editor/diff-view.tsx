"use client";

import { useMemo } from "react";
import { type DiffableCallFlow, diffCallFlows } from "@/server/domain/call-flow";
import { type NamedChange, type NamedDiff, nameFlowDiff, type ObjectNames } from "./diff-words";

function Changes({ fields }: { fields: readonly NamedChange[] }) {
  return (
    <ul>
      {fields.map((change, index) => (
        // A label can repeat (two fields of one form share it); the position cannot.
        <li key={index}>
          <strong>{change.field}</strong>: {change.before} → {change.after}
        </li>
      ))}
    </ul>
  );
}

/**
 * A readable diff (see diff-words.ts): the flow's settings, then modules added, removed and
 * changed field by field, all by name. `raw` is the stored data behind it, shown only when asked for.
 */
export function DiffView({ diff, raw }: { diff: NamedDiff; raw?: unknown }) {
  const empty = diff.settings.length + diff.added.length + diff.removed.length + diff.changed.length === 0;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="diff">
      {empty ? <p>No differences.</p> : null}
      {diff.settings.length > 0 ? (
        <>
          <h3>Settings</h3>
          <Changes fields={diff.settings} />
        </>
      ) : null}
      {diff.added.length > 0 ? (
        <>
          <h3>Added modules</h3>
          <ul>
            {diff.added.map((entry) => (
              <li key={entry.key} className="text-ok">
                {entry.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.removed.length > 0 ? (
        <>
          <h3>Removed modules</h3>
          <ul>
            {diff.removed.map((entry) => (
              <li key={entry.key} className="text-danger">
                {entry.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.changed.map((change) => (
        <section key={change.key}>
          <h3>Changed {change.title}</h3>
          <Changes fields={change.fields} />
        </section>
      ))}
      {raw !== undefined ? (
        <details>
          <summary className="cursor-pointer text-xs text-muted">Show JSON</summary>
          <pre className="max-h-80 overflow-auto rounded-md bg-subtle p-2 font-mono text-xs" data-testid="diff-json">
            {JSON.stringify(raw, null, 2)}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

/** What changed from `before` to `after` of a call flow, by name, with the raw diff on request. */
export function FlowDiffView({
  before,
  after,
  names,
}: {
  before: DiffableCallFlow;
  after: DiffableCallFlow;
  names: ObjectNames;
}) {
  const raw = useMemo(() => diffCallFlows(before, after), [before, after]);
  const named = useMemo(() => nameFlowDiff(before, after, names, raw), [before, after, names, raw]);
  return <DiffView diff={named} raw={raw} />;
}
