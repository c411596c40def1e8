"use client";

import { useState } from "react";
import { KIND_LABELS } from "@/server/domain/templates";
import { type Placeholder, placeholderNameIssue } from "./template-placeholders";
import { Button } from "@/components/ui/button";
import { Hint, Message } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/**
 * The template's placeholders beside the graph: each can be renamed, and removed while no field
 * uses it. New ones are made from a field's picker ("New placeholder…"), where their kind is known.
 */
export function PlaceholderList({
  placeholders,
  used,
  readOnly,
  onChange,
}: {
  placeholders: readonly Placeholder[];
  /** The ids of the placeholders the flow uses. */
  used: ReadonlySet<string>;
  readOnly: boolean;
  onChange: (next: Placeholder[]) => void;
}) {
  return (
    <section className="flex flex-col gap-2" aria-labelledby="placeholders-heading">
      <h3 id="placeholders-heading" className="m-0">
        Placeholders
      </h3>
      {placeholders.length === 0 ? (
        <Hint>None yet. In a module's form, choose "New placeholder…" in a field that names a resource.</Hint>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-3 p-0" aria-label="Placeholders">
          {placeholders.map((placeholder) => (
            <PlaceholderRow
              key={placeholder.id}
              placeholder={placeholder}
              others={placeholders.filter((other) => other.id !== placeholder.id)}
              inUse={used.has(placeholder.id)}
              readOnly={readOnly}
              onRename={(name) => onChange(placeholders.map((p) => (p.id === placeholder.id ? { ...p, name } : p)))}
              onRemove={() => onChange(placeholders.filter((p) => p.id !== placeholder.id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function PlaceholderRow({
  placeholder,
  others,
  inUse,
  readOnly,
  onRename,
  onRemove,
}: {
  placeholder: Placeholder;
  others: readonly Placeholder[];
  inUse: boolean;
  readOnly: boolean;
  onRename: (name: string) => void;
  onRemove: () => void;
}) {
  const [name, setName] = useState(placeholder.name);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = `placeholder-${placeholder.id}`;
  /** A valid new name takes effect when the field is left (or Enter is pressed). */
  function commit() {
    if (name === placeholder.name) return setProblem(null);
    const issue = placeholderNameIssue(name, others);
    setProblem(issue);
    if (!issue) onRename(name);
  }
  return (
    <li className="flex flex-col gap-1" data-testid={`placeholder-${placeholder.name}`}>
      <label htmlFor={inputId} className="text-sm">
        {KIND_LABELS[placeholder.kind].replace(/^./, (first) => first.toUpperCase())} placeholder
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          id={inputId}
          className="w-auto min-w-0 flex-1"
          value={name}
          readOnly={readOnly}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${inputId}-use`}
          onChange={(event) => setName(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === "Enter") commit();
          }}
        />
        {!readOnly && !inUse ? (
          <Button type="button" variant="secondary" onClick={onRemove}>
            Remove {placeholder.name}
          </Button>
        ) : null}
      </div>
      <Hint id={`${inputId}-use`}>
        {inUse ? "Used in the flow." : "Not used in the flow: choose it in a field, or remove it."}
      </Hint>
      {problem ? <Message tone="error">{problem}</Message> : null}
    </li>
  );
}
