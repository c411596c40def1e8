"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { type RouterOutputs, useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { Hint, Message } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";

type Run = RouterOutputs["templates"]["applyRun"];
type RunSummary = RouterOutputs["templates"]["applyRuns"][number];
type Source = { kind: "template"; id: string } | { kind: "flow"; accountId: string; flowId: string };

/** How often a page showing a run that has not finished reads its progress. */
const RUN_POLL_MS = 1000;

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

/** "Applied to 3 of 10 customers…" while it runs, "Created 8 flows; 2 failed." once finished. */
function progressText(run: RunSummary): string {
  const { total, done, failed } = run.counts;
  if (run.status === "finished") return `Created ${plural(done, "flow")}; ${failed} failed.`;
  if (run.status === "queued") return `Waiting to start on ${plural(total, "customer")}…`;
  return `Applied to ${done + failed} of ${plural(total, "customer")}…`;
}

/**
 * A run of applying a template (or copying a flow) to customers, read from the server while it
 * goes on: the run is a background job, so this page can be closed and opened again at any time.
 */
export function ApplyRun({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.templates.applyRun.queryOptions({ id: runId }),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "finished" ? RUN_POLL_MS : false),
  });
  if (run.isPending) return <p>Loading…</p>;
  if (run.isError) return <Message tone="error">Could not load it: {run.error.message}</Message>;
  const data = run.data;
  const { copiedFrom } = data;
  return (
    <div className="flex flex-col gap-4">
      <p>
        {copiedFrom ? (
          <Link href={`/accounts/${copiedFrom.accountId}/flows/${copiedFrom.flowId}`}>← {data.sourceName}</Link>
        ) : (
          <Link href={`/templates/${data.templateId}`}>← {data.sourceName}</Link>
        )}
      </p>
      <PageHeader
        title={copiedFrom ? `Copying "${data.sourceName}" to customers` : `Applying "${data.sourceName}" to customers`}
        description={
          <>
            New flows named "{data.flowName}", {data.publish ? "published at once" : "created as drafts"}; started by{" "}
            {data.createdByLabel} on {formatDateTime(data.createdAt)}
            {data.templateVersion !== null ? ` from version ${data.templateVersion}` : ""}.
          </>
        }
      />
      <Card aria-labelledby="run-heading">
        <h2 id="run-heading">{data.status === "finished" ? "Results" : "Applying"}</h2>
        {data.status === "finished" ? null : (
          <>
            <progress max={data.counts.total} value={data.counts.done + data.counts.failed} aria-label="Progress" />
            <Hint>This goes on on the server: you can close this page and come back to it.</Hint>
          </>
        )}
        <p role="status" data-testid="apply-summary">
          {progressText(data)}
        </p>
        <CustomerTables customers={data.customers} />
      </Card>
    </div>
  );
}

function CustomerTables({ customers }: { customers: Run["customers"] }) {
  const created = customers.filter((customer) => customer.status === "done");
  const failed = customers.filter((customer) => customer.status === "failed");
  const pending = customers.filter((customer) => customer.status === "pending");
  return (
    <>
      <h3>Created</h3>
      {created.length === 0 ? (
        <Message tone="muted">None yet.</Message>
      ) : (
        <Table aria-label="Created">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Flow</th>
              <th scope="col">Extension</th>
            </tr>
          </thead>
          <tbody>
            {created.map((customer) => (
              <tr key={customer.customer}>
                <td>{customer.customer}</td>
                <td>
                  <Link href={`/accounts/${customer.customerId}/flows/${customer.flow!.id}`}>{customer.flow!.name}</Link>
                </td>
                <td>{customer.flow!.extension}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h3>Failed</h3>
      {failed.length === 0 ? (
        <Message tone="muted">None.</Message>
      ) : (
        <Table aria-label="Failed">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Why (nothing was created for it)</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((customer) => (
              <tr key={customer.customer}>
                <td>{customer.customer}</td>
                <td>
                  <ul className="flex list-none flex-col gap-2 p-0">
                    {customer.errors.map((issue, index) => (
                      <li key={index}>{issue.message}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pending.length === 0 ? null : (
        <>
          <h3>Waiting</h3>
          <p data-testid="apply-waiting">{pending.map((customer) => customer.customer).join(", ")}</p>
        </>
      )}
    </>
  );
}

/** The latest runs of a template (or copies of a flow), each with its state and a link to it. */
export function RecentApplyRuns({ source }: { source: Source }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.templates.applyRuns.queryOptions({ source }),
    refetchInterval: (query) => (query.state.data?.some((run) => run.status !== "finished") ? RUN_POLL_MS : false),
  });
  const what = source.kind === "template" ? "applies" : "copies";
  return (
    <Card aria-labelledby="recent-runs-heading">
      <h2 id="recent-runs-heading">Recent {what}</h2>
      {runs.isPending ? <p>Loading…</p> : null}
      {runs.isError ? <Message tone="error">Could not load them: {runs.error.message}</Message> : null}
      {runs.data?.length === 0 ? <Message tone="muted">None yet.</Message> : null}
      {runs.data && runs.data.length > 0 ? (
        <Table aria-label={`Recent ${what}`}>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">By</th>
              <th scope="col">Flows</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link href={`/templates/runs/${run.id}`}>{formatDateTime(run.createdAt)}</Link>
                </td>
                <td>{run.createdByLabel}</td>
                <td>{run.publish ? "published" : "drafts"}</td>
                <td>{progressText(run)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
