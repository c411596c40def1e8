"use client";

import { useId, useMemo, useState } from "react";
import type { FlowDocument } from "./flow-document";

/**
 * The flow in the provider's JSON format: paste or upload one (it is validated like any edit,
 * errors at their paths in the issues panel), or download the current one.
 */
export function JsonPanel({ document, onApply }: { document: FlowDocument; onApply: (next: FlowDocument) => void }) {
  const current = useMemo(() => JSON.stringify(document, null, 2), [document]);
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const textId = useId();
  const fileId = useId();

  function apply(source: string) {
    try {
      const parsed: unknown = JSON.parse(source);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("The JSON must be an object");
      const { uuid: _uuid, created_on: _created, updated_on: _updated, ...rest } = parsed as Record<string, unknown>;
      onApply(rest as FlowDocument);
      setError(null);
    } catch (problem) {
      setError(`Not valid JSON: ${(problem as Error).message}`);
    }
  }

  const download = useMemo(() => `data:application/json;charset=utf-8,${encodeURIComponent(current)}`, [current]);

  return (
    <div className="stack json-panel">
      <div className="field">
        <label htmlFor={textId}>Call flow JSON (the provider&apos;s format)</label>
        <textarea id={textId} rows={20} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      {error ? (
        <p className="form-error" data-testid="json-error">
          {error}
        </p>
      ) : null}
      <div className="row-inline">
        <button type="button" onClick={() => apply(text)}>
          Apply JSON
        </button>
        <button type="button" className="secondary" onClick={() => setText(current)}>
          Reset to the current flow
        </button>
        <a className="button secondary" href={download} download={`${document.name || "call-flow"}.json`}>
          Download JSON
        </a>
      </div>
      <div className="field">
        <label htmlFor={fileId}>Upload a JSON file</label>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            const content = await file.text();
            setText(content);
            apply(content);
          }}
        />
      </div>
    </div>
  );
}
