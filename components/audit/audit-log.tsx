"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useForm } from "react-hook-form";
import { DiffView } from "@/components/flow-editor/diff-view";
import { useTRPC } from "@/components/trpc";
import { diffCallFlows } from "@/server/domain/call-flow";
import { Button, buttonVariants } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type Filters = {
  accountId: string;
  includeDescendants: boolean;
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
};

const EMPTY: Filters = {
  accountId: "",
  includeDescendants: false,
  actor: "",
  entityType: "",
  entityId: "",
  action: "",
  from: "",
  to: "",
};

/** Form values to the query's filter: empty fields are no filter, dates are whole days (UTC). */
function toQuery(filters: Filters) {
  const text = (value: string) => value.trim() || undefined;
  return {
    accountId: text(filters.accountId),
    includeDescendants: filters.includeDescendants,
    actor: text(filters.actor),
    entityType: text(filters.entityType),
    entityId: text(filters.entityId),
    action: text(filters.action),
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
  };
}

/** The CSV download's address: the same filter as the table, as a query string. */
function exportHref(query: ReturnType<typeof toQuery>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== false) search.set(name, String(value));
  }
  return `/api/audit/export?${search}`;
}

function changedFields(before: unknown, after: unknown) {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((path) => ({ path, before: a[path], after: b[path] }));
}

/** What an event changed: a call flow's module-by-module diff, or its changed fields. Pages of the
 * log carry no snapshots: the event is fetched whole when it is opened. */
function EventDetail({ eventId }: { eventId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.audit.event.queryOptions({ id: eventId }));
  if (detail.isError) return <Message tone="error">{detail.error.message}</Message>;
  if (!detail.data) return <Hint>Loading the changes…</Hint>;
  const event = detail.data;
  const isFlow = event.entityType === "callflow";
  const empty = { flow: {} };
  const diff = isFlow
    ? diffCallFlows((event.before as typeof empty | null) ?? empty, (event.after as typeof empty | null) ?? empty)
    : { settings: changedFields(event.before, event.after), added: [], removed: [], changed: [] };
  return (
    <div className="flex flex-col gap-3" data-testid={`event-detail-${event.id}`}>
      <Hint>
        From {event.ip || "unknown address"} · {event.userAgent || "unknown client"} · via {event.channel}
      </Hint>
      <DiffView diff={diff} />
    </div>
  );
}

/** The events in the viewer's reach. Checking the whole chain reads every account: admins only. */
export function AuditLog({ canVerifyChain }: { canVerifyChain: boolean }) {
  const trpc = useTRPC();
  const form = useForm<Filters>({ defaultValues: EMPTY });
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [open, setOpen] = useState<string | null>(null);
  const query = toQuery(filters);
  const events = useInfiniteQuery(
    trpc.audit.query.infiniteQueryOptions({ ...query, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const verify = useQuery({ ...trpc.audit.verifyChain.queryOptions(), enabled: false });

  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <form
        className={cn(cardClass, "flex-row flex-wrap items-end")}
        aria-label="Filter the audit log"
        onSubmit={form.handleSubmit(setFilters)}
      >
        <FieldBox>
          <label htmlFor="audit-account">Account id</label>
          <Input id="audit-account" {...form.register("accountId")} />
        </FieldBox>
        <label className="inline-flex items-center gap-2 text-sm font-normal">
          <input type="checkbox" {...form.register("includeDescendants")} /> With its customers
        </label>
        <FieldBox>
          <label htmlFor="audit-actor">Actor</label>
          <Input id="audit-actor" placeholder="email or api:user@account" {...form.register("actor")} />
        </FieldBox>
        <FieldBox>
          <label htmlFor="audit-entity-type">Entity type</label>
          <Select id="audit-entity-type" {...form.register("entityType")}>
            <option value="">Any</option>
            {[
              "callflow",
              "account",
              "user",
              "apicredential",
              "sipuser",
              "huntgroup",
              "sound",
              "playlist",
              "mailbox",
              "trunk",
              "phonenumber",
              "template",
            ].map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </Select>
        </FieldBox>
        <FieldBox>
          <label htmlFor="audit-entity-id">Entity id</label>
          <Input id="audit-entity-id" {...form.register("entityId")} />
        </FieldBox>
        <FieldBox>
          <label htmlFor="audit-action">Action</label>
          <Input id="audit-action" placeholder="e.g. callflow.update" {...form.register("action")} />
        </FieldBox>
        <FieldBox>
          <label htmlFor="audit-from">From (day)</label>
          <Input id="audit-from" type="date" {...form.register("from")} />
        </FieldBox>
        <FieldBox>
          <label htmlFor="audit-to">To (day)</label>
          <Input id="audit-to" type="date" {...form.register("to")} />
        </FieldBox>
        <Button type="submit" className="self-end">
          Apply filters
        </Button>
      </form>
      <div className="flex flex-wrap items-end gap-2">
        {canVerifyChain ? (
          <Button variant="secondary" onClick={() => void verify.refetch()}>
            Verify the chain
          </Button>
        ) : null}
        <a className={buttonVariants({ variant: "secondary" })} href={exportHref(query)} download="audit-log.csv">
          Export CSV
        </a>
        {verify.data ? (
          <p
            role="status"
            className={verify.data.firstBreak ? "text-sm text-danger" : "text-sm text-ok"}
            data-testid="chain-result"
          >
            {verify.data.firstBreak
              ? `Broken at event ${verify.data.firstBreak.eventId} (account ${verify.data.firstBreak.accountId}): ${verify.data.firstBreak.reason}`
              : `The chain is intact: ${verify.data.checkedEvents} events over ${verify.data.accounts} accounts checked.`}
          </p>
        ) : null}
      </div>
      {events.isError ? <Message tone="error">{events.error.message}</Message> : null}
      <Table aria-label="Audit events">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">For account</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {items.map((event) => (
            <Fragment key={event.id}>
              <tr>
                <td className="whitespace-nowrap">{event.occurredAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td>{event.actorLabel}</td>
                <td>
                  <Button type="button" variant="link" onClick={() => form.setValue("accountId", event.accountId)}>
                    {event.accountName}
                  </Button>
                </td>
                <td>{event.action}</td>
                <td>
                  {event.entityType} <code>{event.entityId.slice(0, 8)}</code>
                </td>
                <td>
                  <Button
                    type="button"
                    variant="link"
                    aria-expanded={open === event.id}
                    onClick={() => setOpen(open === event.id ? null : event.id)}
                  >
                    {open === event.id ? "Hide" : "Show"} changes
                  </Button>
                </td>
              </tr>
              {open === event.id ? (
                <tr>
                  <td colSpan={6}>
                    <EventDetail eventId={event.id} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
      {items.length === 0 && !events.isPending ? <Message tone="muted">No events match.</Message> : null}
      {events.hasNextPage ? (
        <Button
          type="button"
          variant="secondary"
          disabled={events.isFetchingNextPage}
          onClick={() => void events.fetchNextPage()}
        >
          Load older events
        </Button>
      ) : null}
    </div>
  );
}
