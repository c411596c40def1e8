"use client";

import type { FieldError, FieldValues, UseFormReturn } from "react-hook-form";
import { Field, Message } from "@/components/ui/field";
import type { ResourceField } from "./resource-kinds";

type InputProps<Values extends FieldValues> = {
  field: ResourceField<Values>;
  form: UseFormReturn<Values>;
};

/** The input of one field in an add or edit form, with its error beside it. */
export function ResourceInput<Values extends FieldValues>({ field, form }: InputProps<Values>) {
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

/** A field's value as the table shows it. */
export function ResourceValue<Values extends FieldValues>({ field, row }: { field: ResourceField<Values>; row: Values }) {
  const value: unknown = row[field.name];
  switch (field.input) {
    case "checkbox":
      return value ? "Yes" : "No";
    default:
      return String(value);
  }
}
