"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useMemo, useState } from "react";
import { formatSeconds, OUTCOME_WORDS, routeInWords } from "@/components/calls/call-words";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FieldBox, Hint, Message } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import {
  analyticsOverlay,
  type DayRange,
  daysIn,
  type FlowStats,
  lastDays,
  type ModuleFigures,
  moduleRows,
  outcomesSeen,
  pointsChange,
} from "./analytics-figures";
import { type GraphOverlay, percent } from "./graph-overlay";
import { OutcomeCharts } from "./outcomes-chart";

const PRESETS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;

/** "All versions" or "Version 3": what a choice of version counts. */
function versionName(version: number | null): string {
  return version === null ? "All versions" : `Version ${version}`;
}

/** A route's share of the flow's callers, per route the module was left by: "pressed 1: 42%". */
function RouteShares({
  figures,
  calls,
  other,
}: {
  figures: ModuleFigures;
  calls: number;
  other?: { figures: ModuleFigures; calls: number };
}) {
  if (figures.routes.length === 0 && (other?.figures.routes.length ?? 0) === 0) return <span className="text-muted">—</span>;
  const names = [...new Set([...figures.routes, ...(other?.figures.routes ?? [])].map((entry) => entry.route))];
  const count = (of: ModuleFigures, route: string) => of.routes.find((entry) => entry.route === route)?.calls ?? 0;
  return (
    <ul className="m-0 list-none p-0">
      {names.map((route) => (
        <li key={route}>
          {routeInWords(route)}: {percent(count(figures, route), calls)}
          {other ? ` → ${percent(count(other.figures, route), other.calls)}` : ""}
        </li>
      ))}
    </ul>
  );
}

/** Entered, with its share of the calls: "120 (80%)". */
function Entered({ figures, calls }: { figures: ModuleFigures; calls: number }) {
  return (
    <>
      {figures.entered.toLocaleString()} <span className="text-xs text-muted">({percent(figures.entered, calls)})</span>
    </>
  );
}

/** Ended here, as a share of those who entered: "35% (42)". */
function EndedHere({ figures }: { figures: ModuleFigures }) {
  return (
    <>
      {percent(figures.endedHere, figures.entered)}{" "}
      <span className="text-xs text-muted">({figures.endedHere.toLocaleString()})</span>
    </>
  );
}

/** A UTC day of the range, chosen with the browser's date picker; clearing it changes nothing. */
function DayField({
  label,
  value,
  bounds,
  onChange,
}: {
  label: string;
  value: string;
  bounds: { min?: string; max?: string };
  onChange: (day: string) => void;
}) {
  const id = useId();
  return (
    <FieldBox className="sm:min-w-36">
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        type="date"
        value={value}
        {...bounds}
        required
        onChange={(event) => {
          if (event.target.value) onChange(event.target.value);
        }}
      />
    </FieldBox>
  );
}

/** A choice of one version (each with its calls in the range), or none: `null`. */
function VersionField({
  label,
  none,
  value,
  options,
  onChange,
}: {
  label: string;
  none: string;
  value: number | null;
  options: readonly { version: number; calls: number }[];
  onChange: (version: number | null) => void;
}) {
  const id = useId();
  return (
    <FieldBox className="sm:min-w-44">
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value === "" ? null : Number(event.target.value))}
      >
        <option value="">{none}</option>
        {options.map((entry) => (
          <option key={entry.version} value={entry.version}>
            Version {entry.version} · {entry.calls.toLocaleString()} calls
          </option>
        ))}
      </Select>
    </FieldBox>
  );
}

/**
 * A stored flow's calls, as the switch reported them (POST /voip/call): over a range of UTC days,
 * for all versions or one, beside a second version when comparing. Figures, modules and routes,
 * outcomes per day, and the calls as CSV; `onOverlay` hands the graph its heat.
 */
export function AnalyticsPanel({
  accountId,
  flowId,
  flow,
  names,
  onOverlay,
}: {
  accountId: string;
  flowId: string;
  flow: Readonly<Record<string, unknown>>;
  names: ReadonlyMap<string, string>;
  onOverlay: (overlay: GraphOverlay | null) => void;
}) {
  const trpc = useTRPC();
  const ids = useId();
  const [range, setRange] = useState<DayRange>(() => lastDays(DEFAULT_DAYS));
  const [preset, setPreset] = useState<number | null>(DEFAULT_DAYS);
  const [version, setVersion] = useState<number | null>(null);
  const [compare, setCompare] = useState<number | null>(null);
  const validRange = daysIn(range) > 0;
  const base = { accountId, flowId, from: range.from, to: range.to };
  const versions = useQuery({
    ...trpc.calls.flowVersions.queryOptions(base),
    enabled: validRange,
    placeholderData: keepPreviousData,
  });
  const statsA = useQuery({
    ...trpc.calls.flowStats.queryOptions({ ...base, version: version ?? undefined }),
    enabled: validRange,
    placeholderData: keepPreviousData,
  });
  const statsB = useQuery({
    ...trpc.calls.flowStats.queryOptions({ ...base, version: compare ?? undefined }),
    enabled: validRange && compare !== null,
    placeholderData: keepPreviousData,
  });
  const daily = useQuery({
    ...trpc.calls.flowOutcomesByDay.queryOptions({ ...base, version: version ?? undefined }),
    enabled: validRange,
    placeholderData: keepPreviousData,
  });
  const dailyB = useQuery({
    ...trpc.calls.flowOutcomesByDay.queryOptions({ ...base, version: compare ?? undefined }),
    enabled: validRange && compare !== null,
    placeholderData: keepPreviousData,
  });

  const a: FlowStats | undefined = statsA.data;
  const b: FlowStats | null = compare !== null ? (statsB.data ?? null) : null;
  const labelA = b ? `A: ${versionName(version)}` : versionName(version);
  const labelB = b ? `B: ${versionName(compare)}` : "";
  const caption = `Calls from ${range.from} to ${range.to} (UTC), ${versionName(version).toLowerCase()}`;

  const overlay = useMemo(() => (a ? analyticsOverlay(flow, a, b, caption) : null), [flow, a, b, caption]);
  useEffect(() => onOverlay(overlay), [overlay, onOverlay]);
  useEffect(() => () => onOverlay(null), [onOverlay]);

  const versionOptions = useMemo(() => {
    const listed = versions.data ?? [];
    const chosen = [version, compare].filter((each): each is number => each !== null && !listed.some((v) => v.version === each));
    return [...listed, ...chosen.map((each) => ({ version: each, calls: 0, savedAt: null }))].sort(
      (x, y) => y.version - x.version,
    );
  }, [versions.data, version, compare]);

  const exportQuery = new URLSearchParams({
    from: range.from,
    to: range.to,
    ...(version !== null ? { version: String(version) } : {}),
  });
  const exportHref = `/api/accounts/${encodeURIComponent(accountId)}/flows/${encodeURIComponent(flowId)}/calls?${exportQuery}`;

  function choosePreset(days: number) {
    setPreset(days);
    setRange(lastDays(days));
  }

  const controls = (
    <form aria-label="Which calls to count" className="flex flex-col gap-3" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="m-0 flex flex-col gap-2 border-0 p-0">
        <legend className="mb-1 text-sm font-semibold">Days (UTC)</legend>
        <div className="flex flex-wrap gap-2">
          {PRESETS.map((days) => (
            <Button
              key={days}
              size="sm"
              variant={preset === days ? "primary" : "secondary"}
              aria-pressed={preset === days}
              onClick={() => choosePreset(days)}
            >
              Last {days} days
            </Button>
          ))}
        </div>
        <div className="flex flex-wrap gap-3">
          <DayField
            label="From"
            value={range.from}
            bounds={{ max: range.to }}
            onChange={(from) => {
              setPreset(null);
              setRange((current) => ({ ...current, from }));
            }}
          />
          <DayField
            label="To"
            value={range.to}
            bounds={{ min: range.from }}
            onChange={(to) => {
              setPreset(null);
              setRange((current) => ({ ...current, to }));
            }}
          />
        </div>
        {validRange ? null : <Message tone="error">The first day must be on or before the last.</Message>}
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <VersionField label="Version" none="All versions" value={version} options={versionOptions} onChange={setVersion} />
        <VersionField label="Compare with" none="No comparison" value={compare} options={versionOptions} onChange={setCompare} />
      </div>
    </form>
  );

  const exportLink = (
    <Button asChild variant="secondary" size="sm">
      <a href={exportHref} download>
        Export calls (CSV)
      </a>
    </Button>
  );

  let body: ReactNode;
  if (!validRange) body = null;
  else if (statsA.isError) body = <Message tone="error">Could not load the calls: {statsA.error.message}</Message>;
  else if (!a || (compare !== null && statsB.isPending)) body = <p>Loading analytics…</p>;
  else if (a.calls === 0 && (b?.calls ?? 0) === 0) {
    body = (
      <div className="flex flex-col gap-2" data-testid="analytics-empty">
        <Message tone="muted">No calls in these days{version !== null ? ` on version ${version}` : ""}.</Message>
        <Hint>
          Calls arrive from the switch: it reports each call that reaches this flow to the REST API with{" "}
          <code>POST /voip/call</code>, and they are counted here as soon as they are stored. Try a longer range of days, or all
          versions.
        </Hint>
      </div>
    );
  } else {
    const outcomes = outcomesSeen(b ? [a, b] : [a]);
    const rows = moduleRows(flow, names, a, b);
    body = (
      <>
        <section aria-labelledby={`${ids}-figures`} className="flex flex-col gap-2">
          <h2 id={`${ids}-figures`}>Figures</h2>
          <Table aria-label="Figures">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Figure</span>
                </th>
                <th scope="col">{labelA}</th>
                {b ? <th scope="col">{labelB}</th> : null}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Calls</th>
                <td data-testid="analytics-calls">{a.calls.toLocaleString()}</td>
                {b ? <td data-testid="analytics-calls-b">{b.calls.toLocaleString()}</td> : null}
              </tr>
              <tr>
                <th scope="row">Median length</th>
                <td>{a.median_duration_s === null ? "—" : formatSeconds(a.median_duration_s)}</td>
                {b ? <td>{b.median_duration_s === null ? "—" : formatSeconds(b.median_duration_s)}</td> : null}
              </tr>
              {outcomes.map((outcome) => (
                <tr key={outcome}>
                  <th scope="row">{OUTCOME_WORDS[outcome].label}</th>
                  <td>
                    {(a.outcomes[outcome] ?? 0).toLocaleString()}{" "}
                    <span className="text-xs text-muted">({percent(a.outcomes[outcome] ?? 0, a.calls)})</span>
                  </td>
                  {b ? (
                    <td>
                      {(b.outcomes[outcome] ?? 0).toLocaleString()}{" "}
                      <span className="text-xs text-muted">({percent(b.outcomes[outcome] ?? 0, b.calls)})</span>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section aria-labelledby={`${ids}-modules`} className="flex flex-col gap-2">
          <h2 id={`${ids}-modules`}>Modules</h2>
          <Hint>
            Entered: callers who reached the module (and their share of all calls). Ended here: the share of those who entered
            whose call ended in it. Routes: each route's share of all callers.
          </Hint>
          <Table aria-label="Modules">
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">{b ? "A entered" : "Entered"}</th>
                <th scope="col">{b ? "A ended here" : "Ended here"}</th>
                {b ? (
                  <>
                    <th scope="col">B entered</th>
                    <th scope="col">B ended here</th>
                    <th scope="col">Change A → B</th>
                  </>
                ) : null}
                <th scope="col">{b ? "Routes (A → B)" : "Routes"}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row" className="text-left font-medium">
                    {row.name}
                  </th>
                  <td className="whitespace-nowrap">
                    <Entered figures={row.a} calls={a.calls} />
                  </td>
                  <td className="whitespace-nowrap">
                    <EndedHere figures={row.a} />
                  </td>
                  {b && row.b ? (
                    <>
                      <td className="whitespace-nowrap">
                        <Entered figures={row.b} calls={b.calls} />
                      </td>
                      <td className="whitespace-nowrap">
                        <EndedHere figures={row.b} />
                      </td>
                      <td className="whitespace-nowrap text-xs">
                        entered {pointsChange(row.a.entered, a.calls, row.b.entered, b.calls)}
                        <br />
                        ended here {pointsChange(row.a.endedHere, row.a.entered, row.b.endedHere, row.b.entered)}
                      </td>
                    </>
                  ) : null}
                  <td className="min-w-44 text-xs">
                    <RouteShares
                      figures={row.a}
                      calls={a.calls}
                      other={b && row.b ? { figures: row.b, calls: b.calls } : undefined}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <OutcomeCharts
          range={range}
          a={{ label: labelA, stats: a, counted: daily.data, error: daily.error?.message ?? null }}
          b={b ? { label: labelB, stats: b, counted: dailyB.data, error: dailyB.error?.message ?? null } : null}
        />
      </>
    );
  }

  return (
    <div className="flex min-w-0 flex-col gap-4">
      {controls}
      {body}
      <div className="flex flex-col gap-1">
        {exportLink}
        <Hint>The calls of these days{version !== null ? ` on version ${version}` : ""}, one row each, with their steps.</Hint>
      </div>
    </div>
  );
}
