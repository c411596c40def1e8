import type { Principal } from "@/server/auth/actor";
import { accountsWithinReach } from "@/server/auth/scope";
import { db } from "@/server/db";
import type { AuditEvent, Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount } from "../acting-account";
import { hidesStaff, maskStaffActors, staffAccountsAbove, staffLabel } from "./actor-privacy";
import { toCsv } from "./csv";
import type { TAuditFilter, TAuditQueryInput } from "./schemas";

/** An export holds at most this many events; a wider one asks for a narrower filter. */
const AUDIT_EXPORT_MAX_ROWS = 10_000;

/**
 * ─── TENANT ISOLATION ─── Audit events carry an account id but no foreign key (history outlives
 * what it describes), so reach is applied as the list of account ids in it: the filter's account
 * (NOT_FOUND when out of reach), with its descendants if asked, else everything the principal reaches.
 */
async function auditWhere(principal: Principal, filter: TAuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const scope = filter.accountId
    ? await resolveActingAccount(db, principal, filter.accountId)
    : { id: principal.accountId, path: principal.accountPath };
  const withDescendants = filter.accountId === undefined || filter.includeDescendants;
  const accountIds = withDescendants
    ? (await db.account.findMany({ where: accountsWithinReach({ accountId: scope.id, accountPath: scope.path }), select: { id: true } })).map(
        (account) => account.id,
      )
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

/** Events as clients see them: ids as text (they are 64-bit), with the account's name, and staff
 * masked for customers. */
async function present(principal: Principal, stored: StoredEvent[]) {
  const events = await maskStaffActors(principal, stored);
  const accounts = await db.account.findMany({
    where: { id: { in: [...new Set(events.map((event) => event.accountId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  return events.map((event) => ({ ...event, id: event.id.toString(), accountName: names.get(event.accountId) ?? "" }));
}

const eventFields = { omit: { hash: true, prevHash: true } } as const;

/** One page of events, newest first; `nextCursor` continues after the last one. */
export async function queryAuditEvents(principal: Principal, input: TAuditQueryInput) {
  const where = await auditWhere(principal, input);
  const events = await db.auditEvent.findMany({
    ...eventFields,
    where: { ...where, id: input.cursor ? { lt: BigInt(input.cursor) } : undefined },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = events.slice(0, input.limit);
  return { items: await present(principal, page), nextCursor: events.length > input.limit ? page[page.length - 1]!.id.toString() : null };
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

/** The events matching the filter as CSV, newest first, up to AUDIT_EXPORT_MAX_ROWS of them. */
export async function exportAuditCsv(principal: Principal, filter: TAuditFilter) {
  const where = await auditWhere(principal, filter);
  const events = await db.auditEvent.findMany({ ...eventFields, where, orderBy: { id: "desc" }, take: AUDIT_EXPORT_MAX_ROWS + 1 });
  const rows = await present(principal, events.slice(0, AUDIT_EXPORT_MAX_ROWS));
  const json = (value: unknown) => (value === null ? "" : JSON.stringify(value));
  const lines = rows.map((event) => [
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
  ]);
  return { csv: toCsv([CSV_COLUMNS, ...lines]), rows: rows.length, truncated: events.length > AUDIT_EXPORT_MAX_ROWS };
}
