"use client";

import { useId } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OUTCOME_WORDS } from "@/components/calls/call-words";
import { Table } from "@/components/ui/table";
import type { CallOutcome } from "@/server/domain/calls/call-input";
import { Message } from "@/components/ui/field";
import { type ChartDay, chartDays, type DayRange, type FlowStats, outcomesSeen } from "./analytics-figures";

/** Each outcome's colour, from the design tokens (a reseller's brand changes them with the rest). */
export const OUTCOME_COLOURS: Readonly<Record<CallOutcome, string>> = {
  answered: "var(--color-ok)",
  voicemail: "var(--color-accent)",
  hangup: "var(--color-warning-border)",
  busy: "var(--color-warning)",
  failed: "var(--color-danger)",
  fax: "var(--color-muted)",
  conference: "var(--color-border-strong)",
  transferred: "var(--color-sidebar)",
};

/** "2026-12-07" → "7 Dec": a day on the chart's axis. */
function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
}

/**
 * Calls per day, one bar a day stacked by outcome, drawn by recharts. The drawing is one image
 * with a name that sums it up; its legend is text, and the same numbers are a table below it.
 */
export function OutcomesChart({
  days,
  outcomes,
  title,
  tableName = "Calls per day by outcome",
  yMax,
}: {
  days: ChartDay[];
  outcomes: CallOutcome[];
  title: string;
  /** The name of the chart's table; two charts on a page need two. */
  tableName?: string;
  /** The top of the calls axis, so that two charts compared share one scale. */
  yMax?: number;
}) {
  const captionId = useId();
  const total = days.reduce((sum, day) => sum + day.calls, 0);
  const busiest = days.reduce<ChartDay | null>((best, day) => (best === null || day.calls > best.calls ? day : best), null);
  const summary =
    `Stacked bars of calls per day by outcome, ${days.length} days, ${total} calls` +
    (busiest && busiest.calls > 0 ? `; the busiest day ${shortDay(busiest.day)} with ${busiest.calls}.` : ".");
  return (
    <figure aria-labelledby={captionId} className="m-0 flex min-w-0 flex-col gap-2">
      <figcaption id={captionId} className="font-semibold">
        {title}
      </figcaption>
      <div role="img" aria-label={summary} className="h-56 w-full min-w-0" data-testid="outcomes-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={days} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--color-border)" />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "var(--color-muted)" }} minTickGap={16} />
            <YAxis allowDecimals={false} domain={[0, yMax ?? "auto"]} tick={{ fontSize: 11, fill: "var(--color-muted)" }} />
            <Tooltip
              labelFormatter={(day) => shortDay(String(day))}
              contentStyle={{ background: "var(--color-surface)", borderColor: "var(--color-border)", fontSize: 12 }}
              cursor={{ fill: "var(--color-subtle)" }}
            />
            {outcomes.map((outcome) => (
              <Bar
                key={outcome}
                dataKey={outcome}
                name={OUTCOME_WORDS[outcome].label}
                stackId="calls"
                fill={OUTCOME_COLOURS[outcome]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul aria-label="Outcomes" className="m-0 flex list-none flex-wrap gap-x-3 gap-y-1 p-0 text-xs">
        {outcomes.map((outcome) => (
          <li key={outcome} className="flex items-center gap-1">
            <span
              aria-hidden="true"
              className="inline-block size-3 rounded-sm"
              style={{ background: OUTCOME_COLOURS[outcome] }}
            />
            {OUTCOME_WORDS[outcome].label}
          </li>
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-sm">The chart's numbers as a table</summary>
        <Table aria-label={tableName}>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Calls</th>
              {outcomes.map((outcome) => (
                <th key={outcome} scope="col">
                  {OUTCOME_WORDS[outcome].label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days
              .filter((day) => day.calls > 0)
              .map((day) => (
                <tr key={day.day}>
                  <td className="whitespace-nowrap">{day.day}</td>
                  <td>{day.calls}</td>
                  {outcomes.map((outcome) => (
                    <td key={outcome}>{day[outcome] ?? 0}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </Table>
      </details>
    </figure>
  );
}

/** One version's side of the outcomes: its stats (for the outcomes seen) and its calls per day. */
type ChartSide = {
  label: string;
  stats: Pick<FlowStats, "outcomes">;
  counted: Parameters<typeof chartDays>[1] | undefined;
  error: string | null;
};

/**
 * The outcomes per day of the version shown, and of the version compared with it below, in the
 * same colours for the same outcomes and on one scale, so that equal bars are equal days.
 */
export function OutcomeCharts({ range, a, b }: { range: DayRange; a: ChartSide; b: ChartSide | null }) {
  const sides = b ? [a, b] : [a];
  const outcomes = outcomesSeen(sides.map((side) => side.stats));
  const charted = sides.map((side) => ({ ...side, days: side.counted ? chartDays(range, side.counted) : null }));
  const yMax = b ? Math.max(1, ...charted.flatMap((side) => side.days?.map((day) => day.calls) ?? [])) : undefined;
  return (
    <div className="flex min-w-0 flex-col gap-4">
      {charted.map((side) =>
        side.days ? (
          <OutcomesChart
            key={side.label}
            days={side.days}
            outcomes={outcomes}
            yMax={yMax}
            title={b ? `Outcomes per day, ${side.label}` : `Outcomes per day: ${side.label.toLowerCase()}`}
            tableName={b ? `Calls per day by outcome, ${side.label}` : undefined}
          />
        ) : side.error ? (
          <Message key={side.label} tone="error">
            Could not load the outcomes per day{b ? ` of ${side.label}` : ""}: {side.error}
          </Message>
        ) : null,
      )}
    </div>
  );
}
