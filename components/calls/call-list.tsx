"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { flowLabel } from "@/components/call-flows/flow-picker";
import { formatDateTime } from "@/components/format";
import { nextCursorOf, PagedList } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FieldBox } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { CALL_OUTCOMES, type CallOutcome } from "@/server/domain/calls/call-input";
import { formatSeconds, OUTCOME_WORDS } from "./call-words";

type Filters = { from?: string; to?: string; flowId?: string; number?: string; caller?: string; outcome?: CallOutcome };

const PAGE = 50;

/** The filters as the form holds them: empty fields are no filter. */
function filtersOf(form: FormData): Filters {
  const text = (name: string) => {
    const value = String(form.get(name) ?? "").trim();
    return value === "" ? undefined : value;
  };
  return {
    from: text("from"),
    to: text("to"),
    flowId: text("flowId"),
    number: text("number"),
    caller: text("caller"),
    outcome: text("outcome") as CallOutcome | undefined,
  };
}

/** The account's calls, newest first, filtered by date range, flow, number, caller and outcome; 50 at a time. */
export function CallList({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const flows = useQuery(trpc.callFlows.list.queryOptions({ accountId, limit: 100 }));
  const calls = useInfiniteQuery({
    ...trpc.calls.list.infiniteQueryOptions({ accountId, limit: PAGE, ...filters }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <form
        aria-label="Filter calls"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(filtersOf(new FormData(event.currentTarget)));
        }}
      >
        <Field label="From" name="from" type="date" />
        <Field label="To" name="to" type="date" />
        <FieldBox>
          <label htmlFor="calls-flow">Call flow</label>
          <Select id="calls-flow" name="flowId" defaultValue="">
            <option value="">Any flow</option>
            {flows.data?.items.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flowLabel(flow)}
              </option>
            ))}
          </Select>
        </FieldBox>
        <Field label="Number called" name="number" type="tel" placeholder="+441632960001" />
        <Field label="Caller" name="caller" type="tel" placeholder="+447700900123" />
        <FieldBox>
          <label htmlFor="calls-outcome">Outcome</label>
          <Select id="calls-outcome" name="outcome" defaultValue="">
            <option value="">Any outcome</option>
            {CALL_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {OUTCOME_WORDS[outcome].label}
              </option>
            ))}
          </Select>
        </FieldBox>
        <Button type="submit">Show calls</Button>
      </form>
      <PagedList query={calls} noun="calls" empty="No calls match these filters.">
        {(items) => (
          <Table aria-label="Calls">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Call flow</th>
                <th scope="col">Caller</th>
                <th scope="col">Number called</th>
                <th scope="col">Outcome</th>
                <th scope="col">Length</th>
              </tr>
            </thead>
            <tbody>
              {items.map((call) => (
                <tr key={`${call.accountId}/${call.callId}`}>
                  <td>
                    <Link
                      className="text-accent underline"
                      href={`/accounts/${accountId}/calls/${encodeURIComponent(call.callId)}`}
                    >
                      {formatDateTime(call.startedAt)}
                    </Link>
                  </td>
                  <td>{call.flowName ?? "A deleted flow"}</td>
                  <td>{call.caller ?? "Unknown"}</td>
                  <td>{call.number ?? "—"}</td>
                  <td>
                    <Badge tone={OUTCOME_WORDS[call.outcome].tone}>{OUTCOME_WORDS[call.outcome].label}</Badge>
                  </td>
                  <td>{formatSeconds((call.endedAt.getTime() - call.startedAt.getTime()) / 1000)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
