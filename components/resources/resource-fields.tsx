"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Controller, type FieldError, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Field } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import type { ResourceField } from "./resource-kinds";

const NO_FLOW = "— no flow —";

/** The most flows one page of callFlows.list holds; the offered flows are the first page. */
const FLOW_PAGE_SIZE = 100;

/** The account's flows a phone number can route to; one cached query for every select and cell. */
function useFlowOptions(accountId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.callFlows.list.queryOptions({ accountId, pageSize: FLOW_PAGE_SIZE }));
}

type InputProps<Values extends FieldValues> = {
  field: ResourceField<Values>;
  form: UseFormReturn<Values>;
  accountId: string;
};

/** The input of one field in an add or edit form, with its error beside it. */
export function ResourceInput<Values extends FieldValues>({ field, form, accountId }: InputProps<Values>) {
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
      return <FlowSelect field={field} form={form} accountId={accountId} error={error} />;
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

/** A call flow of the account or none; controlled, so it shows the right flow once they load. */
function FlowSelect<Values extends FieldValues>({ field, form, accountId, error }: InputProps<Values> & { error: FieldError | undefined }) {
  const selectId = useId();
  const errorId = `${selectId}-error`;
  const flows = useFlowOptions(accountId);
  const listed = flows.data?.items ?? [];
  return (
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
              onChange={(event) => onChange(event.target.value === "" ? null : event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            >
              <option value="">{NO_FLOW}</option>
              {listed.map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name} ({flow.extension})
                </option>
              ))}
              {/* Keeps the assigned flow selected while the list loads, or when it is not on it. */}
              {selected !== "" && !listed.some((flow) => flow.id === selected) ? <option value={selected}>{flowNotListed(flows.isPending)}</option> : null}
            </select>
          );
        }}
      />
      <ErrorText error={error} name={field.name} id={errorId} />
    </div>
  );
}

function flowNotListed(loading: boolean): string {
  return loading ? "Loading flows…" : `A flow beyond the first ${FLOW_PAGE_SIZE}`;
}

/** A field's value as the table shows it. */
export function ResourceValue<Values extends FieldValues>({ field, value, accountId }: { field: ResourceField<Values>; value: unknown; accountId: string }) {
  switch (field.input) {
    case "checkbox":
      return value ? "Yes" : "No";
    case "flow":
      return typeof value === "string" ? <FlowName accountId={accountId} id={value} /> : NO_FLOW;
    default:
      return String(value);
  }
}

function FlowName({ accountId, id }: { accountId: string; id: string }) {
  const flows = useFlowOptions(accountId);
  return flows.data?.items.find((flow) => flow.id === id)?.name ?? flowNotListed(flows.isPending);
}
