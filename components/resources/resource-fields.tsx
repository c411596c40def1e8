"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Controller, type FieldError, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/field";
import { SearchBox, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import type { ResourceField } from "./resource-kinds";

const NO_FLOW = "— no flow —";

/** How many flows the picker offers at once; searching finds the others. */
const FLOW_CHOICES = 50;

type FlowSummary = { name: string; extension: number };

/** The flow a listed phone number routes to: the list names it (resources.phoneNumbers.list). */
function listedFlowOf(row: unknown): FlowSummary | null {
  const flow = typeof row === "object" && row !== null ? (row as { callFlow?: unknown }).callFlow : null;
  return typeof flow === "object" && flow !== null && "name" in flow && "extension" in flow ? (flow as FlowSummary) : null;
}

function flowLabel(flow: FlowSummary): string {
  return `${flow.name} (${flow.extension})`;
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
      return <Field label={field.label} type="number" inputMode="numeric" error={error} {...form.register(field.name, { valueAsNumber: true })} />;
    case "checkbox":
      return (
        <div className="field actions">
          <label className="checkbox">
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

function ErrorText({ error, name, id }: { error: FieldError | undefined; name: string; id?: string }) {
  if (!error?.message) return null;
  return (
    <p id={id} className="field-error" data-testid={`error-${name}`}>
      {error.message}
    </p>
  );
}

/**
 * A call flow of the account or none: a search box narrows the flows offered (the account may
 * have hundreds), and the flow already chosen stays offered whatever the search shows.
 */
function FlowSelect<Values extends FieldValues>({ field, form, accountId, row, error }: InputProps<Values> & { error: FieldError | undefined }) {
  const trpc = useTRPC();
  const selectId = useId();
  const errorId = `${selectId}-error`;
  const { text, setText, search } = useSearch();
  const flows = useQuery({
    ...trpc.callFlows.list.queryOptions({ accountId, search, limit: FLOW_CHOICES }),
    placeholderData: keepPreviousData,
  });
  const listed = flows.data?.items ?? [];
  const [chosen, setChosen] = useState<{ id: string; label: string } | null>(() => {
    const flow = listedFlowOf(row);
    const id = (row as { callFlowId?: unknown } | undefined)?.callFlowId;
    return flow && typeof id === "string" ? { id, label: flowLabel(flow) } : null;
  });
  return (
    <>
      <SearchBox label="Search flows" value={text} onChange={setText} />
      <div className="field">
        <label htmlFor={selectId}>{field.label}</label>
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: { value, onChange, onBlur, name, ref } }) => {
            const selected = typeof value === "string" ? value : "";
            return (
              <select
                id={selectId}
                name={name}
                ref={ref}
                value={selected}
                onBlur={onBlur}
                onChange={(event) => {
                  const option = event.target.selectedOptions[0];
                  setChosen(event.target.value === "" || !option ? null : { id: event.target.value, label: option.text });
                  onChange(event.target.value === "" ? null : event.target.value);
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
              >
                <option value="">{NO_FLOW}</option>
                {/* Keeps the chosen flow selected when the search does not show it. */}
                {selected !== "" && !listed.some((flow) => flow.id === selected) ? (
                  <option value={selected}>{chosen?.id === selected ? chosen.label : "Loading flows…"}</option>
                ) : null}
                {listed.map((flow) => (
                  <option key={flow.id} value={flow.id}>
                    {flowLabel(flow)}
                  </option>
                ))}
                {flows.data?.nextCursor ? (
                  <option value="more" disabled>
                    More flows: search to find them
                  </option>
                ) : null}
              </select>
            );
          }}
        />
        <ErrorText error={error} name={field.name} id={errorId} />
      </div>
    </>
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
