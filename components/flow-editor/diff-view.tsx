import type { FieldChange } from "@/server/domain/call-flow";

/** A diff as computed in the browser or received from the server (where it loses `readonly`). */
type Diff = {
  settings: readonly FieldChange[];
  added: readonly { key: string; type: string }[];
  removed: readonly { key: string; type: string }[];
  changed: readonly { key: string; type: string; fields: readonly FieldChange[] }[];
};

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function Changes({ fields }: { fields: readonly FieldChange[] }) {
  return (
    <ul>
      {fields.map((change) => (
        <li key={change.path}>
          <code>{change.path}</code>: {show(change.before)} → {show(change.after)}
        </li>
      ))}
    </ul>
  );
}

/** A readable diff: the flow's settings, then modules added, removed and changed field by field. */
export function DiffView({ diff }: { diff: Diff }) {
  const empty = diff.settings.length + diff.added.length + diff.removed.length + diff.changed.length === 0;
  if (empty) return <p>No differences.</p>;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="diff">
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
                {entry.type} <code>{entry.key}</code>
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
                {entry.type} <code>{entry.key}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.changed.map((change) => (
        <section key={change.key}>
          <h3>
            Changed {change.type} <code>{change.key}</code>
          </h3>
          <Changes fields={change.fields} />
        </section>
      ))}
    </div>
  );
}
