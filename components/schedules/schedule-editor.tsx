"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";
import {
  type Closure,
  type Override,
  type TScheduleDocument,
  type TScheduleDocumentInput,
  ZScheduleDocument,
} from "@/server/domain/schedule/document";
import { instantFromLocalInput } from "./schedule-status";
import { WeekGrid } from "./week-grid";

type Draft = {
  name: string;
  timezone: string;
  hours: TScheduleDocument["hours"];
  closures: Closure[];
  holidays: string | null;
  override: Override;
  /** The datetime-local input's value; "" for none. */
  overrideUntilLocal: string;
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

function draftOf(schedule: EditedSchedule | null): Draft {
  if (!schedule)
    return {
      name: "",
      timezone: browserZone(),
      hours: EMPTY_WEEK,
      closures: [],
      holidays: null,
      override: "auto",
      overrideUntilLocal: "",
    };
  const { name, timezone, hours, closures, holidays, override, overrideUntil } = schedule;
  return { name, timezone, hours, closures, holidays, override, overrideUntilLocal: localInputOf(overrideUntil) };
}

function documentOf(draft: Draft): TScheduleDocumentInput {
  const { overrideUntilLocal, ...document } = draft;
  return { ...document, overrideUntil: draft.override === "auto" ? null : instantFromLocalInput(overrideUntilLocal) };
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
  const ids = { name: useId(), zone: useId(), zones: useId(), region: useId(), override: useId(), until: useId() };
  const [draft, setDraft] = useState<Draft>(() => draftOf(schedule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.schedules.create.mutationOptions());
  const update = useMutation(trpc.schedules.update.mutationOptions());
  const regions = useQuery(trpc.schedules.regions.queryOptions(undefined, { staleTime: Infinity }));
  const holidays = useQuery({
    ...trpc.schedules.holidays.queryOptions({ region: draft.holidays ?? "" }),
    enabled: draft.holidays !== null,
  });
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  async function save() {
    setFormError(null);
    const document = documentOf(draft);
    // The server's own schema first, so most mistakes show at their field without a round trip.
    const parsed = ZScheduleDocument.safeParse(document);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])));
      return;
    }
    setErrors({});
    try {
      const saved = schedule
        ? await update.mutateAsync({ accountId, id: schedule.id, version: schedule.version, document })
        : await create.mutateAsync({ accountId, document });
      await onSaved(saved.name);
    } catch (error) {
      const { message, issues } = serverIssues(error);
      setErrors(Object.fromEntries(issues.map((issue) => [issue.path.replace(/^document\./, ""), issue.message])));
      setFormError(issues.length === 0 ? message : "The schedule has errors: see the fields marked.");
    }
  }

  const error = (path: string) =>
    errors[path] ? (
      <p className="field-error" data-testid={`error-${path}`}>
        {errors[path]}
      </p>
    ) : null;
  const saving = create.isPending || update.isPending;

  return (
    <form
      className="stack schedule-editor"
      aria-label={schedule ? `Edit schedule ${schedule.name}` : "New schedule"}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="row-inline">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={draft.name}
            onChange={(event) => set({ name: event.target.value })}
            aria-invalid={errors.name ? true : undefined}
          />
          {error("name")}
        </div>
        <div className="field">
          <label htmlFor={ids.zone}>Time zone</label>
          <input
            id={ids.zone}
            list={ids.zones}
            value={draft.timezone}
            onChange={(event) => set({ timezone: event.target.value })}
            aria-invalid={errors.timezone ? true : undefined}
          />
          <datalist id={ids.zones}>
            {ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {error("timezone")}
        </div>
      </div>

      <h3>Weekly hours</h3>
      <p className="hint">
        Click a half hour, or press and drag across several, to open or close it; exact times below each day.
      </p>
      <WeekGrid hours={draft.hours} onChange={(hours) => set({ hours })} errors={errors} />
      {error("hours")}

      <h3>Closures</h3>
      {draft.closures.length === 0 ? <p className="hint">No closures.</p> : null}
      <ul className="closures">
        {draft.closures.map((closure, index) => {
          const change = (patch: Partial<Closure>) =>
            set({ closures: draft.closures.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
          return (
            <li key={index} className="row-inline">
              <input
                type="date"
                aria-label={`Closure ${index + 1} date`}
                value={closure.date}
                onChange={(event) => change({ date: event.target.value })}
              />
              <input
                aria-label={`Closure ${index + 1} name`}
                value={closure.name}
                placeholder="Name"
                onChange={(event) => change({ name: event.target.value })}
              />
              <label className="checkbox">
                <input type="checkbox" checked={closure.yearly} onChange={(event) => change({ yearly: event.target.checked })} />
                Every year
              </label>
              <button
                type="button"
                className="secondary"
                aria-label={`Remove closure ${index + 1}`}
                onClick={() => set({ closures: draft.closures.filter((_, i) => i !== index) })}
              >
                Remove
              </button>
              {error(`closures.${index}.date`)}
              {error(`closures.${index}.name`)}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="secondary"
        onClick={() => set({ closures: [...draft.closures, { date: "", name: "", yearly: false }] })}
      >
        Add a closure
      </button>
      {error("closures")}

      <h3>Public holidays</h3>
      <div className="field">
        <label htmlFor={ids.region}>Holiday region</label>
        <select
          id={ids.region}
          value={draft.holidays ?? ""}
          onChange={(event) => set({ holidays: event.target.value === "" ? null : event.target.value })}
        >
          <option value="">— no public holidays —</option>
          {draft.holidays !== null && !regions.data?.some((region) => region.code === draft.holidays) ? (
            <option value={draft.holidays}>{draft.holidays}</option>
          ) : null}
          {regions.data?.map((region) => (
            <option key={region.code} value={region.code}>
              {region.name} ({region.code})
            </option>
          ))}
        </select>
        {error("holidays")}
      </div>
      {draft.holidays !== null ? (
        <div data-testid="coming-holidays">
          {holidays.isPending ? <p className="hint">Loading holidays…</p> : null}
          {holidays.isError ? <p className="form-error">{holidays.error.message}</p> : null}
          {holidays.data ? (
            <>
              <p className="hint">Closed on these coming days off:</p>
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
      <div className="row-inline">
        <div className="field">
          <label htmlFor={ids.override}>Override</label>
          <select
            id={ids.override}
            value={draft.override}
            onChange={(event) => set({ override: event.target.value as Override })}
          >
            <option value="auto">Automatic (by the hours)</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </select>
          {error("override")}
        </div>
        {draft.override !== "auto" ? (
          <div className="field">
            <label htmlFor={ids.until}>Until (optional, your local time)</label>
            <input
              id={ids.until}
              type="datetime-local"
              value={draft.overrideUntilLocal}
              onChange={(event) => set({ overrideUntilLocal: event.target.value })}
            />
            {error("overrideUntil")}
          </div>
        ) : null}
      </div>

      <div className="row-inline">
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : schedule ? "Save schedule" : "Create schedule"}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {formError ? (
        <p className="form-error" role="alert" data-testid="schedule-form-error">
          {formError}
        </p>
      ) : null}
    </form>
  );
}
