"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { flowViewHref } from "@/components/flow-editor/editor-views";
import { Line, LineChart, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { Message } from "@/components/ui/field";
import { Table } from "@/components/ui/table";

/** The change from the period before, in words: "up 12%", "down 4%", "new". */
function trendWords(calls: number, previous: number): { text: string; tone: string } {
  if (previous === 0) return calls === 0 ? { text: "no calls", tone: "text-muted" } : { text: "new", tone: "text-ok" };
  const change = Math.round(((calls - previous) / previous) * 100);
  if (change === 0) return { text: "steady", tone: "text-muted" };
  return change > 0 ? { text: `up ${change}%`, tone: "text-ok" } : { text: `down ${-change}%`, tone: "text-danger" };
}

/** A customer's calls per day as a small line, drawn by recharts; the table beside it says the numbers. */
function Sparkline({ daily }: { daily: { day: string; calls: number }[] }) {
  return (
    // The colour by class: SVG presentation attributes do not resolve CSS variables.
    <div aria-hidden="true" className="h-8 w-32 [&_.recharts-line-curve]:stroke-accent">
      <LineChart width={128} height={32} data={daily} accessibilityLayer={false}>
        <XAxis dataKey="day" hide />
        <YAxis hide domain={[0, "dataMax"]} />
        <Line type="monotone" dataKey="calls" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}

/** A reseller's customers' calls over the last 30 days with their trend, and the flows whose callers hang up most. */
export function CallOverview({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.calls.overview.queryOptions({ accountId }));
  if (query.isPending) return <p>Loading the overview…</p>;
  if (query.isError) return <Message tone="error">Could not load the overview: {query.error.message}</Message>;
  const { from, to, customers, hangupFlows } = query.data;
  return (
    <>
      <Card aria-labelledby="customers-calls-heading">
        <h2 id="customers-calls-heading">Calls per customer</h2>
        <p className="text-sm text-muted">
          From {from} to {to} (UTC days), against the 30 days before.
        </p>
        {customers.length === 0 ? (
          <Message tone="muted">You have no customers yet.</Message>
        ) : (
          <Table aria-label="Calls per customer">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Calls</th>
                <th scope="col">Trend</th>
                <th scope="col">Per day</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((customer) => {
                const trend = trendWords(customer.calls, customer.previousCalls);
                return (
                  <tr key={customer.accountId}>
                    <td>
                      <Link className="text-accent underline" href={`/accounts/${customer.accountId}/calls`}>
                        {customer.displayName || customer.name}
                      </Link>
                      {customer.displayName ? <span className="block text-xs text-muted">{customer.name}</span> : null}
                    </td>
                    <td>{customer.calls.toLocaleString()}</td>
                    <td className={trend.tone}>
                      {trend.text}
                      <span className="block text-xs text-muted">{customer.previousCalls.toLocaleString()} before</span>
                    </td>
                    <td>
                      <Sparkline daily={customer.daily} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      <Card aria-labelledby="hangup-flows-heading">
        <h2 id="hangup-flows-heading">Flows whose callers hang up most</h2>
        <p className="text-sm text-muted">
          Share of calls that ended with the caller hanging up, among flows with 10 calls or more.
        </p>
        {hangupFlows.length === 0 ? (
          <Message tone="muted">No flow has had 10 calls in these 30 days.</Message>
        ) : (
          <Table aria-label="Flows whose callers hang up most">
            <thead>
              <tr>
                <th scope="col">Call flow</th>
                <th scope="col">Customer</th>
                <th scope="col">Calls</th>
                <th scope="col">Hung up</th>
              </tr>
            </thead>
            <tbody>
              {hangupFlows.map((flow) => (
                <tr key={flow.flowId}>
                  <td>
                    {flow.flowName ? (
                      <Link className="text-accent underline" href={flowViewHref(flow.accountId, flow.flowId, "Analytics")}>
                        {flow.flowName}
                      </Link>
                    ) : (
                      "A deleted flow"
                    )}
                  </td>
                  <td>{flow.accountName}</td>
                  <td>{flow.calls.toLocaleString()}</td>
                  <td>
                    {Math.round((flow.hangups / flow.calls) * 100)}% ({flow.hangups.toLocaleString()})
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
