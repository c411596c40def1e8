"use client";

import { useRef, useState } from "react";
import { type Interval, WEEKDAYS, type Weekday, type WeeklyHours } from "@/server/domain/schedule/document";
import { coverage, paint } from "./intervals";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { Message } from "@/components/ui/field";

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

const SLOT = 30;
const SLOTS = Array.from({ length: (24 * 60) / SLOT }, (_, index) => index * SLOT);
const label = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

type Props = {
  hours: WeeklyHours;
  onChange(hours: WeeklyHours): void;
  /** The error at a field's path ("hours.mon.1"), if any. */
  errorAt(path: string): string | undefined;
};

/**
 * The week as a grid of half hours: click a slot, or press and drag across slots, to open or
 * close them. Below each day its intervals as exact times, for what half hours cannot say.
 */
export function WeekGrid({ hours, onChange, errorAt }: Props) {
  // While the pointer is down: whether the drag opens or closes, and the day and slot it left
  // from, so a fast drag that skips slots still paints every slot it crossed.
  const [painting, setPainting] = useState<{ open: boolean; day: Weekday; from: number } | null>(null);
  // Pointer events can outrun React's renders: each paints on the latest hours, not the last render's.
  const latest = useRef(hours);
  latest.current = hours;

  const change = (next: WeeklyHours) => {
    latest.current = next;
    onChange(next);
  };
  const setDay = (day: Weekday, intervals: Interval[]) => change({ ...latest.current, [day]: intervals });
  const applySlots = (day: Weekday, from: number, to: number, open: boolean) =>
    setDay(day, paint(latest.current[day], Math.min(from, to), Math.max(from, to) + SLOT, open));

  return (
    // A scroll moves the slots under a still pointer: it ends the drag rather than paint them.
    <div
      className="overflow-x-auto select-none"
      onPointerUp={() => setPainting(null)}
      onPointerLeave={() => setPainting(null)}
      onScroll={() => setPainting(null)}
    >
      <table
        aria-label="Weekly hours"
        className="w-full min-w-[640px] table-fixed border-collapse [&_th]:overflow-hidden [&_th]:px-1 [&_th]:text-left [&_th]:text-xs [&_th]:font-semibold [&_thead_th:first-child]:w-10"
      >
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SLOTS.filter((minute) => minute % 120 === 0).map((minute) => (
              <th key={minute} scope="col" colSpan={120 / SLOT} className="text-muted">
                {label(minute)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day) => (
            <tr key={day}>
              <th scope="row">{DAY_NAMES[day].slice(0, 3)}</th>
              {SLOTS.map((start) => {
                const state = coverage(hours[day], start, start + SLOT);
                return (
                  <td key={start} className="p-0">
                    <button
                      type="button"
                      className={cn(
                        "block h-6 w-full rounded-sm border border-white bg-[#e5e9f0] p-0 focus-visible:outline-offset-1",
                        state === "open" && "bg-ok",
                        state === "partly" && "bg-[linear-gradient(90deg,var(--color-ok)_50%,#e5e9f0_50%)]",
                      )}
                      aria-label={`${DAY_NAMES[day]} ${label(start)}–${label(start + SLOT)}`}
                      aria-pressed={state === "open" ? true : state === "partly" ? "mixed" : false}
                      onPointerDown={(event) => {
                        event.preventDefault();
                        const open = state !== "open";
                        setPainting({ open, day, from: start });
                        applySlots(day, start, start, open);
                      }}
                      onPointerEnter={() => {
                        if (painting === null || painting.day !== day) return;
                        applySlots(day, painting.from, start, painting.open);
                        setPainting({ ...painting, from: start });
                      }}
                      onKeyDown={(event) => {
                        if (event.key === "Enter" || event.key === " ") {
                          event.preventDefault();
                          applySlots(day, start, start, state !== "open");
                        }
                      }}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 grid grid-cols-[repeat(auto-fill,minmax(min(100%,230px),1fr))] gap-2.5">
        {WEEKDAYS.map((day) => (
          <DayIntervals
            key={day}
            day={day}
            intervals={hours[day]}
            onChange={(intervals) => setDay(day, intervals)}
            onCopyToWeekdays={
              day === "mon"
                ? () => change({ ...hours, tue: hours.mon, wed: hours.mon, thu: hours.mon, fri: hours.mon })
                : undefined
            }
            errorAt={errorAt}
          />
        ))}
      </div>
    </div>
  );
}

function DayIntervals({
  day,
  intervals,
  onChange,
  onCopyToWeekdays,
  errorAt,
}: {
  day: Weekday;
  intervals: Interval[];
  onChange(intervals: Interval[]): void;
  onCopyToWeekdays?: () => void;
  errorAt(path: string): string | undefined;
}) {
  const name = DAY_NAMES[day];
  const dayError = errorAt(`hours.${day}`);
  return (
    <fieldset className="flex flex-col gap-1.5 px-2.5 py-1.5" data-testid={`day-${day}`}>
      <legend>{name}</legend>
      {intervals.length === 0 ? <span className="text-xs text-muted">Closed all day</span> : null}
      {intervals.map(([start, end], index) => {
        const error =
          errorAt(`hours.${day}.${index}`) ?? errorAt(`hours.${day}.${index}.0`) ?? errorAt(`hours.${day}.${index}.1`);
        const set = (which: 0 | 1, value: string) =>
          onChange(
            intervals.map((interval, i) =>
              i === index ? (which === 0 ? [value, interval[1]] : [interval[0], value]) : interval,
            ),
          );
        return (
          <div key={index} className="flex flex-wrap items-center gap-2">
            <Input
              aria-label={`${name} interval ${index + 1} opens`}
              value={start}
              size={5}
              className="w-18"
              onChange={(event) => set(0, event.target.value)}
              aria-invalid={error ? true : undefined}
            />
            <span aria-hidden="true">–</span>
            <Input
              aria-label={`${name} interval ${index + 1} closes`}
              value={end}
              size={5}
              className="w-18"
              onChange={(event) => set(1, event.target.value)}
              aria-invalid={error ? true : undefined}
            />
            <Button
              type="button"
              variant="secondary"
              aria-label={`Remove ${name} interval ${index + 1}`}
              onClick={() => onChange(intervals.filter((_, i) => i !== index))}
            >
              ×
            </Button>
            {error ? (
              <Message tone="error" data-testid={`error-hours.${day}.${index}`}>
                {error}
              </Message>
            ) : null}
          </div>
        );
      })}
      <div className="flex flex-wrap items-end gap-2">
        <Button
          type="button"
          variant="secondary"
          aria-label={`Add a ${name} interval`}
          onClick={() => onChange([...intervals, ["09:00", "17:00"]])}
        >
          + interval
        </Button>
        {onCopyToWeekdays ? (
          <Button type="button" variant="secondary" onClick={onCopyToWeekdays}>
            Copy Monday to Tuesday–Friday
          </Button>
        ) : null}
      </div>
      {dayError ? <Message tone="error">{dayError}</Message> : null}
    </fieldset>
  );
}
