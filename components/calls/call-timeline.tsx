"use client";

import { useQuery } from "@tanstack/react-query";
import { moduleNames } from "@/components/flow-editor/issue-messages";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Message } from "@/components/ui/field";
import { formatSeconds, OUTCOME_WORDS, routeInWords } from "./call-words";

/**
 * One call: who called what and how it ended, then its steps in order, each module named as the
 * flow editor names it in the version the call ran on, the route taken in words, and its time.
 */
export function CallTimeline({ accountId, callId }: { accountId: string; callId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.calls.get.queryOptions({ accountId, callId }));
  if (query.isPending) return <p>Loading the call…</p>;
  if (query.isError) return <Message tone="error">Could not load the call: {query.error.message}</Message>;
  const { call, flow } = query.data;
  const names = flow ? moduleNames(flow) : new Map<string, string>();
  const started = call.startedAt.getTime();
  const outcome = OUTCOME_WORDS[call.outcome];
  return (
    <>
      <Card aria-labelledby="call-summary-heading">
        <h2 id="call-summary-heading">Summary</h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="text-muted">Call flow</dt>
          <dd>
            {call.flowName ?? "A deleted flow"} (version {call.flowVersion})
          </dd>
          <dt className="text-muted">Caller</dt>
          <dd>{call.caller ?? "Unknown"}</dd>
          <dt className="text-muted">Number called</dt>
          <dd>{call.number ?? "—"}</dd>
          <dt className="text-muted">Started</dt>
          <dd>{formatDateTime(call.startedAt)}</dd>
          <dt className="text-muted">Length</dt>
          <dd>{formatSeconds((call.endedAt.getTime() - started) / 1000)}</dd>
          <dt className="text-muted">Outcome</dt>
          <dd>
            <Badge tone={outcome.tone}>{outcome.label}</Badge>
          </dd>
        </dl>
      </Card>
      <Card aria-labelledby="call-steps-heading">
        <h2 id="call-steps-heading">Steps</h2>
        {call.steps.length === 0 ? (
          <Message tone="muted">The switch reported no steps for this call.</Message>
        ) : (
          <ol className="flex flex-col gap-3">
            {call.steps.map((step, index) => {
              const at = new Date(step.at);
              const last = index === call.steps.length - 1;
              return (
                <li key={index} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-l-2 border-accent pl-3">
                  <time dateTime={step.at} className="w-16 shrink-0 font-mono text-sm text-muted">
                    +{formatSeconds(Math.max(0, (at.getTime() - started) / 1000))}
                  </time>
                  <span className="font-medium">{names.get(step.module) ?? "A module this version did not have"}</span>
                  <span className="text-muted">
                    {step.route ? routeInWords(step.route) : last ? `the call ended here: ${outcome.label.toLowerCase()}` : "—"}
                  </span>
                  {step.unknown_module ? <Badge tone="warning">Not in version {call.flowVersion}</Badge> : null}
                </li>
              );
            })}
          </ol>
        )}
      </Card>
    </>
  );
}
