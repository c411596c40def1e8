"use client";

import { useCallback, useId, useRef, useState } from "react";
import type { ResourceKind } from "@/server/domain/call-flow";
import { KIND_LABELS, PLACEHOLDER_KIND_OF, type PlaceholderKind } from "@/server/domain/templates";
import { type Placeholder, placeholderNameIssue } from "./template-placeholders";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FieldBox, Hint, Message } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";

type Request = { kinds: PlaceholderKind[]; settle: (made: Placeholder | null) => void };

/**
 * "New placeholder…" in a picker: asks for the new placeholder's name (and its kind, where the
 * field takes more than one), and adds it to the template. `ask` answers the placeholder made, or
 * null when the person cancelled; `dialog` is to be rendered once.
 */
export function useNewPlaceholder(placeholders: readonly Placeholder[], add: (placeholder: Placeholder) => void) {
  const [request, setRequest] = useState<Request | null>(null);
  const pending = useRef<Request | null>(null);

  const ask = useCallback((kinds: readonly ResourceKind[]) => {
    pending.current?.settle(null);
    return new Promise<Placeholder | null>((resolve) => {
      const next = { kinds: kinds.map((kind) => PLACEHOLDER_KIND_OF[kind]), settle: resolve };
      pending.current = next;
      setRequest(next);
    });
  }, []);

  function finish(made: Placeholder | null) {
    if (made) add(made);
    pending.current?.settle(made);
    pending.current = null;
    setRequest(null);
  }

  const dialog = (
    <Dialog open={request !== null} onOpenChange={(open) => !open && finish(null)}>
      {request ? (
        <DialogContent title="New placeholder">
          <NewPlaceholderForm kinds={request.kinds} placeholders={placeholders} onDone={finish} />
        </DialogContent>
      ) : null}
    </Dialog>
  );
  return { ask, dialog };
}

function NewPlaceholderForm({
  kinds,
  placeholders,
  onDone,
}: {
  kinds: PlaceholderKind[];
  placeholders: readonly Placeholder[];
  onDone: (made: Placeholder | null) => void;
}) {
  const nameId = useId();
  const kindId = useId();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<PlaceholderKind>(kinds[0] ?? "sipuser");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="flex flex-col gap-3"
      aria-label="New placeholder"
      onSubmit={(event) => {
        event.preventDefault();
        const issue = placeholderNameIssue(name, placeholders);
        if (issue) setProblem(issue);
        else onDone({ id: crypto.randomUUID(), name, kind });
      }}
    >
      <Hint>Each customer the template is applied to chooses one of their own resources for it.</Hint>
      <FieldBox>
        <label htmlFor={nameId}>Placeholder name</label>
        <Input
          id={nameId}
          value={name}
          maxLength={100}
          autoFocus
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${nameId}-problem`}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(null);
          }}
        />
        {problem ? (
          <Message id={`${nameId}-problem`} tone="error">
            {problem}
          </Message>
        ) : null}
      </FieldBox>
      {kinds.length > 1 ? (
        <FieldBox>
          <label htmlFor={kindId}>It stands for a</label>
          <Select id={kindId} value={kind} onChange={(event) => setKind(event.target.value as PlaceholderKind)}>
            {kinds.map((option) => (
              <option key={option} value={option}>
                {KIND_LABELS[option]}
              </option>
            ))}
          </Select>
        </FieldBox>
      ) : (
        <Hint>It stands for a {KIND_LABELS[kind]}.</Hint>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
        <Button type="submit">Add placeholder</Button>
      </div>
    </form>
  );
}
