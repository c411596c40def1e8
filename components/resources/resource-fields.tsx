"use client";

import { useState } from "react";
import { Controller, type FieldError, type FieldValues, type UseFormReturn } from "react-hook-form";
import type { PickerOption } from "@/components/async-picker";
import { FlowPicker, flowLabel, NO_FLOW } from "@/components/call-flows/flow-picker";
import { Field, Message } from "@/components/ui/field";
import type { ResourceField } from "./resource-kinds";

type FlowSummary = { name: string; extension: number };

/** The flow a listed phone number routes to: the list names it (resources.phoneNumbers.list). */
function listedFlowOf(row: unknown): FlowSummary | null {
  const flow = typeof row === "object" && row !== null ? (row as { callFlow?: unknown }).callFlow : null;
  return typeof flow === "object" && flow !== null && "name" in flow && "extension" in flow ? (flow as FlowSummary) : null;
}

type InputProps<Values extends FieldValues> = {
  field: ResourceField<Values>;
  form: UseFormReturn<Values>;
  accountId: string;
  /** The row an edit form edits; none when adding. */
  row?: unknown;
};

/** The input of one field in an add or edit form, with its error beside it. */
export function ResourceInput<Values extends FieldValues>({ field, form, accountId, row }: InputProps<Values>) {
  const error = form.getFieldState(field.name, form.formState).error;
  switch (field.input) {
    case "text":
      return <Field label={field.label} error={error} {...form.register(field.name)} />;
    case "number":
      return (
        <Field
          label={field.label}
          type="number"
          inputMode="numeric"
          error={error}
          {...form.register(field.name, { valueAsNumber: true })}
        />
      );
    case "checkbox":
      return (
        <div className="flex min-w-0 flex-col gap-1 sm:min-w-48 self-end">
          <label className="inline-flex items-center gap-2 text-sm font-normal">
            <input type="checkbox" {...form.register(field.name)} />
            {field.label}
          </label>
          <ErrorText error={error} name={field.name} />
        </div>
      );
    case "flow":
      return <FlowSelect field={field} form={form} accountId={accountId} row={row} error={error} />;
  }
}

function ErrorText({ error, name }: { error: FieldError | undefined; name: string }) {
  if (!error?.message) return null;
  return (
    <Message tone="error" data-testid={`error-${name}`}>
      {error.message}
    </Message>
  );
}

/** A call flow of the account or none, found by name (the account may have thousands). */
function FlowSelect<Values extends FieldValues>({
  field,
  form,
  accountId,
  row,
  error,
}: InputProps<Values> & { error: FieldError | undefined }) {
  // The form holds the flow's id; the picker also shows its name, which the listed row gives.
  const [chosen, setChosen] = useState<PickerOption | null>(() => {
    const flow = listedFlowOf(row);
    const id = (row as { callFlowId?: unknown } | undefined)?.callFlowId;
    return flow && typeof id === "string" ? { id, label: flowLabel(flow) } : null;
  });
  return (
    <Controller
      control={form.control}
      name={field.name}
      render={({ field: { onChange, onBlur, ref } }) => (
        <FlowPicker
          ref={ref}
          accountId={accountId}
          label={field.label}
          optional
          value={chosen}
          onChange={(option) => {
            setChosen(option);
            onChange(option?.id ?? null);
          }}
          onBlur={onBlur}
          error={error?.message}
          errorTestId={`error-${field.name}`}
        />
      )}
    />
  );
}

/** A field's value as the table shows it. */
export function ResourceValue<Values extends FieldValues>({ field, row }: { field: ResourceField<Values>; row: Values }) {
  const value: unknown = row[field.name];
  switch (field.input) {
    case "checkbox":
      return value ? "Yes" : "No";
    case "flow":
      return listedFlowOf(row)?.name ?? NO_FLOW;
    default:
      return String(value);
  }
}
