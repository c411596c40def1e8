import type { Principal, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach, isUuid } from "@/server/auth/scope";
import { notFound } from "@/server/errors";
import { db } from "@/server/db";
import type { AuditEvent, Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount } from "../acting-account";
import { hidesStaff, maskStaffActors, staffAccountsAbove, staffLabel } from "./actor-privacy";
import { toCsv } from "./csv";
import { namesInEvent, subjectNames } from "./names";
import type { TAuditEventInput, TAuditFilter, TAuditQueryInput } from "./schemas";

/**
 * Events an export reads at a time: with a flow's before and after (up to 256 KB each) a page
 * holds at most about 13 MB of snapshots, whatever the export's length.
 */
const AUDIT_EXPORT_PAGE = 25;

/**
 * ─── TENANT ISOLATION ─── Audit events carry an account id but no foreign key (history outlives
 * what it describes), so reach is applied as the list of account ids in it: the filter's account
 * (NOT_FOUND when out of reach), with its descendants if asked, else everything the principal reaches.
 */
async function auditWhere(principal: Principal, filter: TAuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const scope = filter.accountId
    ? await filteredAccount(principal, filter.accountId)
    : { id: principal.accountId, path: principal.accountPath };
  const withDescendants = filter.accountId === undefined || filter.includeDescendants;
  const accountIds = withDescendants
    ? (
        await db.account.findMany({
          where: accountsWithinReach({ accountId: scope.id, accountPath: scope.path }),
          select: { id: true },
        })
      ).map((account) => account.id)
    : [scope.id];
  return {
    accountId: { in: accountIds },
    ...(filter.actor ? await actorFilter(principal, filter.actor) : {}),
    entityType: filter.entityType || undefined,
    entityId: filter.entityId || undefined,
    action: filter.action || undefined,
    occurredAt: { gte: filter.from, lt: filter.to },
  };
}

/** The filter's account, by id or as people type it: its name ("acme"), in any case. */
async function filteredAccount(principal: Principal, account: string) {
  if (isUuid(account)) return resolveActingAccount(db, principal, account);
  const named = await db.account.findFirst({
    where: { name: { equals: account, mode: "insensitive" }, ...accountsWithinReach(principal) },
    select: { id: true, path: true },
  });
  if (!named) throw notFound("Account");
  return named;
}

/**
 * Who acted, by part of their label. A customer searches staff by the label it is shown
 * ("demo-reseller staff"), never by their email: matching it would tell which staff exist.
 */
async function actorFilter(principal: Principal, actor: string): Promise<Prisma.AuditEventWhereInput> {
  const byLabel = { actorLabel: { contains: actor, mode: "insensitive" } } as const;
  if (!hidesStaff(principal)) return byLabel;
  const [ownAccounts, staffAccounts] = await Promise.all([
    db.account.findMany({ where: accountsWithinReach(principal), select: { id: true } }),
    staffAccountsAbove(principal),
  ]);
  const needle = actor.toLowerCase();
  const matchingStaff = staffAccounts.filter((account) => staffLabel(account).toLowerCase().includes(needle));
  return {
    OR: [
      { ...byLabel, actorAccountId: { in: ownAccounts.map((account) => account.id) } },
      { actorAccountId: { in: matchingStaff.map((account) => account.id) } },
    ],
  };
}

type StoredEvent = Omit<AuditEvent, "hash" | "prevHash">;
type StoredSummary = Omit<StoredEvent, "before" | "after">;

/** Events as clients see them: ids as text (they are 64-bit), with the account's name, and staff
 * masked for customers. */
async function present<Event extends StoredSummary>(principal: Principal, stored: Event[]) {
  const events = await maskStaffActors(principal, stored);
  const accounts = await db.account.findMany({
    where: { id: { in: [...new Set(events.map((event) => event.accountId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  return events.map((event) => ({ ...event, id: event.id.toString(), accountName: names.get(event.accountId) ?? "" }));
}

const eventFields = { omit: { hash: true, prevHash: true } } as const;
/** A page of the trail carries who did what, never the snapshots: those come one event at a time. */
const summaryFields = { omit: { hash: true, prevHash: true, before: true, after: true } } as const;

/** One page of event summaries (no before/after), newest first, each naming its subject;
 * `nextCursor` continues after the last one. */
export async function queryAuditEvents(ctx: RequestContext, input: TAuditQueryInput) {
  const { principal } = ctx;
  const where = await auditWhere(principal, input);
  const events = await db.auditEvent.findMany({
    ...summaryFields,
    where: { ...where, id: input.cursor ? { lt: BigInt(input.cursor) } : undefined },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = events.slice(0, input.limit);
  const [items, entityNames] = await Promise.all([present(principal, page), subjectNames(ctx, page)]);
  return {
    items: items.map((item, index) => ({ ...item, entityName: entityNames[index] ?? null })),
    nextCursor: events.length > input.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** PostgreSQL's bigint: a larger id names no event. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

/**
 * One event whole, before and after included, when it is opened, with the names of the objects
 * its snapshots hold by uuid. ─── TENANT ISOLATION ─── an
 * event of an account outside the principal's reach is NOT_FOUND, like one that does not exist.
 */
export async function auditEventDetail(ctx: RequestContext, input: TAuditEventInput) {
  const { principal } = ctx;
  const id = BigInt(input.id);
  const event = id <= MAX_EVENT_ID ? await db.auditEvent.findUnique({ ...eventFields, where: { id } }) : null;
  const inReach = event && (await db.account.count({ where: { id: event.accountId, ...accountsWithinReach(principal) } })) > 0;
  if (!event || !inReach) throw notFound("Audit event");
  const [[presented], [entityName], names] = await Promise.all([
    present(principal, [event]),
    subjectNames(ctx, [event]),
    namesInEvent(ctx, event),
  ]);
  return { ...presented!, entityName: entityName ?? null, names };
}

const CSV_COLUMNS = [
  "id",
  "occurredAt",
  "account",
  "accountId",
  "actor",
  "actorAccountId",
  "channel",
  "ip",
  "userAgent",
  "action",
  "entityType",
  "entityId",
  "before",
  "after",
] as const;

function csvLine(event: Awaited<ReturnType<typeof present<StoredEvent>>>[number]): string[] {
  const json = (value: unknown) => (value === null ? "" : JSON.stringify(value));
  return [
    event.id,
    event.occurredAt.toISOString(),
    event.accountName,
    event.accountId,
    event.actorLabel,
    event.actorAccountId,
    event.channel,
    event.ip,
    event.userAgent,
    event.action,
    event.entityType,
    event.entityId,
    json(event.before),
    json(event.after),
  ];
}

/**
 * Every event matching the filter as CSV, newest first, with no cap: read AUDIT_EXPORT_PAGE
 * events at a time by id (a keyset cursor, so events written meanwhile are neither repeated nor
 * skipped), each page encoded and handed on before the next is read. The stream pulls a page only
 * when the client has taken the previous one, so a slow download never piles pages up in memory.
 * A filter out of reach fails here, before the response starts (NOT_FOUND).
 */
export async function exportAuditCsv({ principal }: RequestContext, filter: TAuditFilter): Promise<ReadableStream<Uint8Array>> {
  const where = await auditWhere(principal, filter);
  const encoder = new TextEncoder();
  let cursor: bigint | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(toCsv([CSV_COLUMNS])));
          return;
        }
        const events = await db.auditEvent.findMany({
          ...eventFields,
          where: { ...where, id: cursor === null ? undefined : { lt: cursor } },
          orderBy: { id: "desc" },
          take: AUDIT_EXPORT_PAGE,
        });
        if (events.length > 0) {
          cursor = events[events.length - 1]!.id;
          const rows = await present(principal, events);
          controller.enqueue(encoder.encode(toCsv(rows.map(csvLine))));
        }
        if (events.length < AUDIT_EXPORT_PAGE) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
