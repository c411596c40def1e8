"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type UseMutationOptions, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { type DefaultValues, type FieldError, type FieldValues, type Path, type Resolver, useForm } from "react-hook-form";
import type { z } from "zod";
import { serverIssues } from "@/components/trpc";
import { type FieldLabels, labelledMessage, placeServerIssues, type ServerFields } from "./server-field-errors";

type FormSchema = z.ZodType<unknown, FieldValues>;

type FormMutationOptions<Schema extends FormSchema, Variables, Data, Failure> = {
  /** The shared zod schema the server validates with; the form checks it before any round trip. */
  schema: Schema;
  defaultValues: DefaultValues<z.input<Schema>>;
  /** The fields a server issue may name; any other issue is said for the whole form. */
  serverFields: ServerFields<Path<z.input<Schema>>>;
  /** How the form labels the fields whose stored names the schema's messages use ("url"), so
   * that every message names the field as the form shows it. */
  labels?: FieldLabels;
  /** The mutation, as `trpc.<procedure>.mutationOptions()` gives it. */
  mutation: UseMutationOptions<Data, Failure, Variables>;
  /** The mutation's input from the checked values (defaults to the values themselves). */
  variables?: (values: z.output<Schema>) => Variables;
  /** Said for the whole form when every server issue is beside its field, for a form long enough
   * that the marked fields may be out of view. */
  issuesSummary?: string;
  /** Empty the form after a success (to its default values); true unless the form stays as saved. */
  resetOnSuccess?: boolean;
  /** Runs as each valid submission goes out, e.g. to clear what the last one said. */
  onSubmit?: () => void;
  onSuccess?: (data: Data, variables: Variables) => unknown;
};

/**
 * A form of a zod schema that submits through one tRPC mutation: the schema's rules show at their
 * fields before anything is sent, the server's field issues land on the same fields (the rest as
 * `formError`), and `result` holds the last success's answer until the next submission.
 */
export function useFormMutation<Schema extends FormSchema, Variables, Data, Failure = unknown>({
  schema,
  defaultValues,
  serverFields,
  labels = {},
  mutation,
  variables = (values) => values as Variables,
  issuesSummary,
  resetOnSuccess = true,
  onSubmit,
  onSuccess,
}: FormMutationOptions<Schema, Variables, Data, Failure>) {
  const form = useForm<z.input<Schema>, unknown, z.output<Schema>>({
    resolver: labelledResolver(zodResolver(schema), labels),
    defaultValues,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [last, setLast] = useState<{ data: Data } | null>(null);
  const submission = useMutation({
    ...mutation,
    onSuccess: async (data, sent) => {
      setLast({ data });
      if (resetOnSuccess) form.reset();
      await onSuccess?.(data, sent);
    },
    onError: (error) => {
      const { placed, formError } = placeServerIssues(serverIssues(error), serverFields, labels);
      for (const { field, message } of placed) form.setError(field, { type: "server", message });
      setFormError(formError ?? (placed.length > 0 ? (issuesSummary ?? null) : null));
    },
  });
  const submit = form.handleSubmit((values) => {
    setFormError(null);
    setLast(null);
    onSubmit?.();
    submission.mutate(variables(values));
  });
  return {
    form,
    errors: form.formState.errors,
    submit,
    pending: submission.isPending,
    formError,
    /** Whether the last submission succeeded (until the next one, or `dismiss`). */
    succeeded: last !== null,
    /** What the last successful submission answered. */
    result: last?.data ?? null,
    /** Forgets the last success, e.g. once a secret shown once has been copied. */
    dismiss: () => setLast(null),
  };
}

/** The schema's messages, each field named by its label (labelledMessage). */
function labelledResolver<Input extends FieldValues, Output>(
  resolver: Resolver<Input, unknown, Output>,
  labels: FieldLabels,
): Resolver<Input, unknown, Output> {
  return async (values, context, options) => {
    const result = await resolver(values, context, options);
    const relabel = (node: unknown) => {
      if (typeof node !== "object" || node === null) return;
      const error = node as Partial<FieldError> & Record<string, unknown>;
      if (typeof error.message === "string") error.message = labelledMessage(error.message, labels);
      for (const [key, child] of Object.entries(error)) if (key !== "ref" && key !== "message") relabel(child);
    };
    relabel(result.errors);
    return result;
  };
}
