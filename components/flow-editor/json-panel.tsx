"use client";

import { useId, useMemo, useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { FieldBox, Message } from "@/components/ui/field";

/**
 * What is edited, as JSON: paste or upload one (it is validated like any edit, errors at their
 * paths in the issues panel), or download the current one. `onApply` takes the parsed object
 * and answers why it cannot be used, or null.
 */
export function JsonPanel({
  value,
  label,
  fileName,
  onApply,
}: {
  value: unknown;
  label: string;
  fileName: string;
  onApply: (parsed: Record<string, unknown>) => string | null;
}) {
  const current = useMemo(() => JSON.stringify(value, null, 2), [value]);
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const textId = useId();
  const fileId = useId();

  function apply(source: string) {
    try {
      const parsed: unknown = JSON.parse(source);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("The JSON must be an object");
      setError(onApply(parsed as Record<string, unknown>));
    } catch (problem) {
      setError(`Not valid JSON: ${(problem as Error).message}`);
    }
  }

  const download = useMemo(() => `data:application/json;charset=utf-8,${encodeURIComponent(current)}`, [current]);

  return (
    <div className="flex flex-col gap-3">
      <FieldBox>
        <label htmlFor={textId}>{label}</label>
        <Textarea id={textId} rows={20} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      </FieldBox>
      {error ? (
        <Message tone="error" data-testid="json-error">
          {error}
        </Message>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <Button type="button" onClick={() => apply(text)}>
          Apply JSON
        </Button>
        <Button type="button" variant="secondary" onClick={() => setText(current)}>
          Reset to the current flow
        </Button>
        <a className={buttonVariants({ variant: "secondary" })} href={download} download={fileName}>
          Download JSON
        </a>
      </div>
      <FieldBox>
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
      </FieldBox>
    </div>
  );
}
