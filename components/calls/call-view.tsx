"use client";

import Link from "next/link";
import { useMemo } from "react";
import { flowViewHref } from "@/components/flow-editor/editor-views";
import { useEditorResources } from "@/components/flow-editor/editor-resources";
import { FlowGraphView } from "@/components/flow-editor/flow-graph-view";
import { moduleNames } from "@/components/flow-editor/issue-messages";
import type { ModulePosition } from "@/components/flow-editor/layout-positions";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Message } from "@/components/ui/field";
import type { ResourceDirectory } from "@/server/services/call-flows/simulation";
import type { CallDetail } from "@/server/services/calls/calls";
import { callPathOverlay } from "./call-path";
import { formatSeconds, OUTCOME_WORDS, routeInWords } from "./call-words";

type Flow = Record<string, Record<string, unknown>>;

type CallViewProps = {
  call: CallDetail;
  /** The document of the version the call ran on; null when that version is gone. */
  flow: Flow | null;
  positions: Readonly<Record<string, ModulePosition>>;
  directory: ResourceDirectory;
};

/**
 * One call: who called what and how it ended; its path drawn on the graph of the version it ran
 * on; and beside it the timeline, each step's module named as the editor names it, the route
 * taken in words, and its time.
 */
export function CallView({ call, flow, positions, directory }: CallViewProps) {
  const names = useMemo(() => (flow ? moduleNames(flow) : new Map<string, string>()), [flow]);
  const resourceNames = useEditorResources(directory, call.accountId).names;
  const overlay = useMemo(
    () =>
      flow
        ? callPathOverlay(
            flow,
            call.steps,
            call.startedAt,
            `The path of this call on version ${call.flowVersion}: each module it went through is numbered in order, with the time since the call started, and each route it took is drawn bold.`,
          )
        : null,
    [flow, call],
  );
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex min-w-0 flex-col gap-4 lg:order-2">
        <CallSummary call={call} />
        <CallSteps call={call} names={names} />
      </div>
      <Card aria-labelledby="call-path-heading" className="min-w-0 lg:order-1">
        <h2 id="call-path-heading">Path through the flow</h2>
        {flow && overlay ? (
          <FlowGraphView flow={flow} positions={positions} names={names} resourceNames={resourceNames} overlay={overlay} />
        ) : (
          <Message tone="muted">Version {call.flowVersion} of this flow is gone, so its graph cannot be drawn.</Message>
        )}
      </Card>
    </div>
  );
}

function CallSummary({ call }: { call: CallDetail }) {
  const outcome = OUTCOME_WORDS[call.outcome];
  return (
    <Card aria-labelledby="call-summary-heading">
      <h2 id="call-summary-heading">Summary</h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] lg:grid-cols-1">
        <dt className="text-muted">Call flow</dt>
        <dd>
          {call.flowName === null ? (
            `A deleted flow (version ${call.flowVersion})`
          ) : (
            <>
              {call.flowName} (version {call.flowVersion}){" "}
              <Link className="text-accent underline" href={flowViewHref(call.accountId, call.flowId, "Analytics")}>
                Its analytics
              </Link>
            </>
          )}
        </dd>
        <dt className="text-muted">Caller</dt>
        <dd>{call.caller ?? "Unknown"}</dd>
        <dt className="text-muted">Number called</dt>
        <dd>{call.number ?? "—"}</dd>
        <dt className="text-muted">Started</dt>
        <dd>{formatDateTime(call.startedAt)}</dd>
        <dt className="text-muted">Length</dt>
        <dd>{formatSeconds((call.endedAt.getTime() - call.startedAt.getTime()) / 1000)}</dd>
        <dt className="text-muted">Outcome</dt>
        <dd>
          <Badge tone={outcome.tone}>{outcome.label}</Badge>
        </dd>
      </dl>
    </Card>
  );
}

function CallSteps({ call, names }: { call: CallDetail; names: ReadonlyMap<string, string> }) {
  const started = call.startedAt.getTime();
  const outcome = OUTCOME_WORDS[call.outcome];
  return (
    <Card aria-labelledby="call-steps-heading">
      <h2 id="call-steps-heading">Steps</h2>
      {call.steps.length === 0 ? (
        <Message tone="muted">The switch reported no steps for this call.</Message>
      ) : (
        <ol className="flex flex-col gap-3" data-testid="call-steps">
          {call.steps.map((step, index) => {
            const at = new Date(step.at);
            const last = index === call.steps.length - 1;
            return (
              <li key={index} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-l-2 border-accent pl-3">
                <span className="w-6 shrink-0 text-sm font-semibold">{index + 1}</span>
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
  );
}
