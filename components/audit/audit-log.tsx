"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { AsyncPicker, PICKER_PAGE_SIZE, type PickerOption } from "@/components/async-picker";
import { DiffView } from "@/components/flow-editor/diff-view";
import { nameFieldChanges, nameFlowDiff } from "@/components/flow-editor/diff-words";
import { nextCursorOf, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import type { DiffableCallFlow } from "@/server/domain/call-flow";
import { accountLabel } from "@/server/domain/account";
import { Button, buttonVariants } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type Filters = {
  account: PickerOption | null;
  includeDescendants: boolean;
  actor: PickerOption | null;
  entityType: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
};

const EMPTY: Filters = {
  account: null,
  includeDescendants: false,
  actor: null,
  entityType: "",
  entityId: "",
  action: "",
  from: "",
  to: "",
};

/** What each kind of object an event is about is called. */
const ENTITY_NOUNS: Readonly<Record<string, string>> = {
  callflow: "call flow",
  schedule: "schedule",
  phonenumber: "number",
  sound: "sound",
  sipuser: "SIP user",
  huntgroup: "hunt group",
  playlist: "playlist",
  mailbox: "mailbox",
  trunk: "trunk",
  template: "template",
  webhook: "webhook",
  account: "account",
  user: "user",
  apicredential: "API user",
};

/** An event's subject as a person reads it: 'call flow "Main line"'. */
function subjectOf(event: { entityType: string; entityName: string | null }): string {
  const noun = ENTITY_NOUNS[event.entityType] ?? event.entityType;
  return event.entityName === null ? noun : `${noun} "${event.entityName}"`;
}

/** Form values to the query's filter: empty fields are no filter, dates are whole days (UTC). */
function toQuery(filters: Filters) {
  const text = (value: string) => value.trim() || undefined;
  return {
    accountId: filters.account?.id,
    includeDescendants: filters.includeDescendants,
    actor: filters.actor?.id,
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

/** Whether a snapshot is a call flow's document (an event about a draft or a layout is not). */
function isFlowDocument(value: unknown): value is DiffableCallFlow {
  return typeof value === "object" && value !== null && "flow" in value;
}

/**
 * What an event changed, by name: a call flow's module-by-module diff, or its changed fields;
 * the snapshots themselves on request. Pages of the log carry no snapshots: the event is
 * fetched whole when it is opened, with the names of the objects it holds by uuid.
 */
function EventDetail({ eventId }: { eventId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.audit.event.queryOptions({ id: eventId }));
  const event = detail.data;
  const diff = useMemo(() => {
    if (!event) return null;
    const names = new Map(event.names.map((entry) => [entry.id, entry.name]));
    const { before, after } = event;
    if (event.entityType === "callflow" && (isFlowDocument(before) || isFlowDocument(after))) {
      const none = { flow: {} };
      return nameFlowDiff(isFlowDocument(before) ? before : none, isFlowDocument(after) ? after : none, names);
    }
    return { settings: nameFieldChanges(before, after, names), added: [], removed: [], changed: [] };
  }, [event]);
  if (detail.isError) return <Message tone="error">{detail.error.message}</Message>;
  if (!event || !diff) return <Hint>Loading the changes…</Hint>;
  return (
    <div className="flex flex-col gap-3" data-testid={`event-detail-${event.id}`}>
      <Hint>
        From {event.ip || "unknown address"} · {event.userAgent || "unknown client"} · via {event.channel}
      </Hint>
      <DiffView diff={diff} raw={{ before: event.before, after: event.after }} />
    </div>
  );
}

/** An account in the viewer's reach, found by handle or display name. */
function AccountFilter(props: { value: PickerOption | null; onChange(option: PickerOption | null): void }) {
  const trpc = useTRPC();
  const search = useSearch();
  const query = useInfiniteQuery({
    ...trpc.audit.accounts.infiniteQueryOptions(
      { search: search.search, limit: PICKER_PAGE_SIZE },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <AsyncPicker
      {...props}
      label="Account"
      noun="accounts"
      noneLabel="Any account"
      search={search}
      query={query}
      optionOf={(account) => ({ id: account.id, label: accountLabel(account) })}
    />
  );
}

/** Who acted: a person in reach, by email or name, or any actor whose label contains the text typed. */
function ActorFilter(props: { value: PickerOption | null; onChange(option: PickerOption | null): void }) {
  const trpc = useTRPC();
  const search = useSearch();
  const query = useInfiniteQuery({
    ...trpc.audit.actors.infiniteQueryOptions(
      { search: search.search, limit: PICKER_PAGE_SIZE },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <AsyncPicker
      {...props}
      label="Actor"
      noun="people"
      noneLabel="Anyone"
      search={search}
      query={query}
      typedOption={(text) => ({ id: text, label: `Anyone whose name contains "${text}"` })}
      optionOf={(user) => ({ id: user.email, label: user.displayName ? `${user.displayName} (${user.email})` : user.email })}
    />
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
        <Controller
          control={form.control}
          name="account"
          render={({ field }) => <AccountFilter value={field.value} onChange={field.onChange} />}
        />
        <label className="inline-flex items-center gap-2 text-sm font-normal">
          <input type="checkbox" {...form.register("includeDescendants")} /> With its customers
        </label>
        <Controller
          control={form.control}
          name="actor"
          render={({ field }) => <ActorFilter value={field.value} onChange={field.onChange} />}
        />
        <FieldBox>
          <label htmlFor="audit-entity-type">What changed</label>
          <Select id="audit-entity-type" {...form.register("entityType")}>
            <option value="">Any</option>
            {Object.entries(ENTITY_NOUNS).map(([type, noun]) => (
              <option key={type} value={type}>
                {noun}
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
            <th scope="col">What</th>
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
                  <Button
                    type="button"
                    variant="link"
                    onClick={() => form.setValue("account", { id: event.accountId, label: event.accountName })}
                  >
                    {event.accountName}
                  </Button>
                </td>
                <td>{event.action}</td>
                <td>{subjectOf(event)}</td>
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
