"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { answersNowText, routingText } from "@/components/numbers/routing-words";
import { nextCursorOf, PagedList } from "@/components/paged-list";
import { OverrideSwitches } from "@/components/schedules/override-switch";
import { useTRPC } from "@/components/trpc";
import { Card } from "@/components/ui/card";
import { Message } from "@/components/ui/field";

/**
 * What is live now on an account: which flow answers each number, whether each schedule is open
 * (with the switch to override it), and the latest changes, all by name.
 */
export function AccountHome({ accountId }: { accountId: string }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <LiveNumbers accountId={accountId} />
      <ScheduleSwitches accountId={accountId} />
      <div className="lg:col-span-2">
        <RecentChanges accountId={accountId} />
      </div>
    </div>
  );
}

function LiveNumbers({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const numbers = useInfiniteQuery({
    ...trpc.resources.phoneNumbers.list.infiniteQueryOptions({ accountId }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <Card aria-labelledby="home-numbers">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="home-numbers">Numbers</h2>
        <Link href={`/accounts/${accountId}/numbers`} className="text-sm">
          Route numbers
        </Link>
      </div>
      <PagedList query={numbers} noun="numbers" empty="No phone numbers yet.">
        {(items) => (
          <ul className="flex list-none flex-col gap-2 p-0" aria-label="What answers each number now">
            {items.map((number) => (
              <li key={number.id} className="flex flex-col gap-0.5 rounded-md border border-border px-3 py-2">
                <span className="flex flex-wrap justify-between gap-x-3">
                  <strong>{number.number}</strong>
                  <span data-testid="answers-now">{answersNowText(number)}</span>
                </span>
                <span className="text-xs text-muted">{routingText(number)}</span>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </Card>
  );
}

function ScheduleSwitches({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  return (
    <Card aria-labelledby="home-schedules">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="home-schedules">Open or closed</h2>
        <Link href={`/accounts/${accountId}/schedules`} className="text-sm">
          Edit schedules
        </Link>
      </div>
      {schedules.isPending ? <p>Loading schedules…</p> : null}
      {schedules.data?.length === 0 ? <Message tone="muted">No schedules yet.</Message> : null}
      <OverrideSwitches accountId={accountId} />
    </Card>
  );
}

function RecentChanges({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  // Any change anywhere in the portal adds to the list: read it afresh whenever the page opens.
  const changes = useQuery({ ...trpc.audit.recentChanges.queryOptions({ accountId }), refetchOnMount: "always" });
  return (
    <Card aria-labelledby="home-changes">
      <h2 id="home-changes">Recent changes</h2>
      {changes.isPending ? <p>Loading changes…</p> : null}
      {changes.isError ? <Message tone="error">Could not load the changes: {changes.error.message}</Message> : null}
      {changes.data?.length === 0 ? <Message tone="muted">No changes yet.</Message> : null}
      {changes.data && changes.data.length > 0 ? (
        <ol className="flex list-none flex-col gap-2 p-0" aria-label="Recent changes">
          {changes.data.map((change) => (
            <li key={change.id} className="flex flex-col gap-0.5 sm:flex-row sm:gap-3">
              <time className="shrink-0 text-xs text-muted sm:w-40 sm:text-sm" dateTime={change.occurredAt.toISOString()}>
                {formatDateTime(change.occurredAt)}
              </time>
              <span className="min-w-0 break-words">
                {change.actor} {change.words}{" "}
                {change.flowId ? (
                  // A change whose record holds no name (a layout saved) still links the flow.
                  <Link href={`/accounts/${accountId}/flows/${change.flowId}`}>{change.name || "open the call flow"}</Link>
                ) : (
                  <strong>{change.name}</strong>
                )}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </Card>
  );
}
