"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Controller, type FieldError, get, type Path, useFieldArray, useWatch } from "react-hook-form";
import { z } from "zod";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC, useTRPCClient } from "@/components/trpc";
import {
  type Closure,
  type Override,
  type TScheduleDocument,
  type TScheduleDocumentInput,
  ZScheduleDocument,
} from "@/server/domain/schedule/document";
import { instantFromLocalInput } from "./schedule-status";
import { WeekGrid } from "./week-grid";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { FieldBox, Hint, Message } from "@/components/ui/field";

/** The schedule as the form holds it: the document, with the override's end as the
 * datetime-local input's value ("" for none) rather than an instant. */
export type ScheduleFormValues = {
  name: string;
  timezone: string;
  hours: TScheduleDocument["hours"];
  closures: Closure[];
  holidays: string | null;
  override: Override;
  overrideUntil: string;
};

export const EMPTY_WEEK: TScheduleDocument["hours"] = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** An instant as a datetime-local value in the browser's zone. */
function localInputOf(iso: string | null): string {
  if (iso === null) return "";
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export type EditedSchedule = TScheduleDocument & { id: string; version: number };

function valuesOf(schedule: EditedSchedule | null): ScheduleFormValues {
  if (!schedule)
    return {
      name: "",
      timezone: browserZone(),
      hours: EMPTY_WEEK,
      closures: [],
      holidays: null,
      override: "auto",
      overrideUntil: "",
    };
  const { name, timezone, hours, closures, holidays, override, overrideUntil } = schedule;
  return { name, timezone, hours, closures, holidays, override, overrideUntil: localInputOf(overrideUntil) };
}

export function documentOf(values: ScheduleFormValues): TScheduleDocumentInput {
  return {
    ...values,
    overrideUntil: values.override === "auto" ? null : instantFromLocalInput(values.overrideUntil),
  };
}

/** The server's own schema, checked on the form's values: its issues name the form's fields, so
 * most mistakes show at their field without a round trip. */
export const ZScheduleForm = z.custom<ScheduleFormValues>().transform(documentOf).pipe(ZScheduleDocument);

/** The form's field for a path of the server's issues ("document.hours.mon.1"); null for the
 * rest (the version, the account), which the form says as a whole. */
export function scheduleFieldOf(path: string): Path<ScheduleFormValues> | null {
  return path.startsWith("document.") ? (path.slice("document.".length) as Path<ScheduleFormValues>) : null;
}

const ZONES: readonly string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** Creates a schedule, or edits one: name and zone, the week grid, closures, holidays and override. */
export function ScheduleEditor({
  accountId,
  schedule,
  onSaved,
  onCancel,
}: {
  accountId: string;
  schedule: EditedSchedule | null;
  onSaved(name: string): Promise<void>;
  onCancel(): void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const ids = { name: useId(), zone: useId(), zones: useId(), region: useId(), override: useId(), until: useId() };
  const {
    form,
    errors,
    submit,
    pending: saving,
    formError,
  } = useFormMutation({
    schema: ZScheduleForm,
    defaultValues: valuesOf(schedule),
    serverFields: scheduleFieldOf,
    labels: { timezone: "Time zone", holidays: "Holiday region", closures: "Closures" },
    issuesSummary: "The schedule has errors: see the fields marked.",
    mutation: {
      mutationFn: (document: TScheduleDocumentInput) =>
        schedule
          ? client.schedules.update.mutate({ accountId, id: schedule.id, version: schedule.version, document })
          : client.schedules.create.mutate({ accountId, document }),
    },
    // The editor closes once saved.
    resetOnSuccess: false,
    onSuccess: (saved) => onSaved(saved.name),
  });
  const { control, register } = form;
  const closures = useFieldArray({ control, name: "closures" });
  const region = useWatch({ control, name: "holidays" });
  const override = useWatch({ control, name: "override" });
  const regions = useQuery(trpc.schedules.regions.queryOptions(undefined, { staleTime: Infinity }));
  const holidays = useQuery({
    ...trpc.schedules.holidays.queryOptions({ region: region ?? "" }),
    enabled: region !== null,
  });

  /** A list's own error sits at its `root` (react-hook-form's place for it). */
  const errorAt = (path: string): string | undefined => {
    const at = (where: string) => (get(errors, where) as FieldError | undefined)?.message;
    return at(path) ?? at(`${path}.root`);
  };
  const error = (path: string) => {
    const message = errorAt(path);
    return message ? (
      <Message tone="error" data-testid={`error-${path}`}>
        {message}
      </Message>
    ) : null;
  };

  return (
    <form
      className="flex flex-col gap-4"
      aria-label={schedule ? `Edit schedule ${schedule.name}` : "New schedule"}
      noValidate
      onSubmit={submit}
    >
      <div className="flex flex-wrap items-end gap-2">
        <FieldBox>
          <label htmlFor={ids.name}>Name</label>
          <Input id={ids.name} aria-invalid={errors.name ? true : undefined} {...register("name")} />
          {error("name")}
        </FieldBox>
        <FieldBox>
          <label htmlFor={ids.zone}>Time zone</label>
          <Input id={ids.zone} list={ids.zones} aria-invalid={errors.timezone ? true : undefined} {...register("timezone")} />
          <datalist id={ids.zones}>
            {ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {error("timezone")}
        </FieldBox>
      </div>

      <h3>Weekly hours</h3>
      <Hint>Click a half hour, or press and drag across several, to open or close it; exact times below each day.</Hint>
      <Controller
        control={control}
        name="hours"
        render={({ field }) => <WeekGrid hours={field.value} onChange={field.onChange} errorAt={errorAt} />}
      />
      {error("hours")}

      <h3>Closures</h3>
      {closures.fields.length === 0 ? <Hint>No closures.</Hint> : null}
      <ul className="flex list-none flex-col gap-2 p-0">
        {closures.fields.map((closure, index) => (
          <li key={closure.id} className="flex flex-wrap items-end gap-2">
            <Input type="date" aria-label={`Closure ${index + 1} date`} {...register(`closures.${index}.date`)} />
            <Input aria-label={`Closure ${index + 1} name`} placeholder="Name" {...register(`closures.${index}.name`)} />
            <label className="inline-flex items-center gap-2 text-sm font-normal">
              <input type="checkbox" {...register(`closures.${index}.yearly`)} />
              Every year
            </label>
            <Button
              type="button"
              variant="secondary"
              aria-label={`Remove closure ${index + 1}`}
              onClick={() => closures.remove(index)}
            >
              Remove
            </Button>
            {error(`closures.${index}.date`)}
            {error(`closures.${index}.name`)}
          </li>
        ))}
      </ul>
      <Button type="button" variant="secondary" onClick={() => closures.append({ date: "", name: "", yearly: false })}>
        Add a closure
      </Button>
      {error("closures")}

      <h3>Public holidays</h3>
      <FieldBox>
        <label htmlFor={ids.region}>Holiday region</label>
        <Controller
          control={control}
          name="holidays"
          render={({ field }) => (
            <Select
              id={ids.region}
              ref={field.ref}
              name={field.name}
              value={field.value ?? ""}
              onBlur={field.onBlur}
              onChange={(event) => field.onChange(event.target.value === "" ? null : event.target.value)}
            >
              <option value="">— no public holidays —</option>
              {field.value !== null && !regions.data?.some((known) => known.code === field.value) ? (
                <option value={field.value}>{field.value}</option>
              ) : null}
              {regions.data?.map((known) => (
                <option key={known.code} value={known.code}>
                  {known.name} ({known.code})
                </option>
              ))}
            </Select>
          )}
        />
        {error("holidays")}
      </FieldBox>
      {region !== null ? (
        <div data-testid="coming-holidays">
          {holidays.isPending ? <Hint>Loading holidays…</Hint> : null}
          {holidays.isError ? <Message tone="error">{holidays.error.message}</Message> : null}
          {holidays.data ? (
            <>
              <Hint>Closed on these coming days off:</Hint>
              <ul>
                {holidays.data.map((holiday) => (
                  <li key={`${holiday.date}-${holiday.name}`}>
                    {holiday.date}: {holiday.name}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      <h3>Manual override</h3>
      <div className="flex flex-wrap items-end gap-2">
        <FieldBox>
          <label htmlFor={ids.override}>Override</label>
          <Select id={ids.override} {...register("override")}>
            <option value="auto">Automatic (by the hours)</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </Select>
          {error("override")}
        </FieldBox>
        {override !== "auto" ? (
          <FieldBox>
            <label htmlFor={ids.until}>Until (optional, your local time)</label>
            <Input id={ids.until} type="datetime-local" {...register("overrideUntil")} />
            {error("overrideUntil")}
          </FieldBox>
        ) : null}
      </div>

      <div className="flex flex-wrap items-end gap-2">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : schedule ? "Save schedule" : "Create schedule"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {formError ? (
        <Message tone="error" role="alert" data-testid="schedule-form-error">
          {formError}
        </Message>
      ) : null}
    </form>
  );
}
