import type { Principal, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountLabel } from "@/server/domain/account";
import { isUuid } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import { Prisma } from "@/server/generated/prisma/client";

/**
 * What the objects an audit event is about are called, so the log reads by name: the row's
 * subject ("call flow "Main line"") and every uuid inside its before and after (sounds, SIP
 * users, flows, schedules...). ─── TENANT ISOLATION ─── an account's objects are looked up in
 * the accounts the events belong to, accounts and users within the viewer's reach: a uuid of
 * anyone else stays unnamed, as if deleted.
 */

type Named = { id: string; name: string };
type Lookup = (accountIds: string[], ids: string[], principal: Principal) => Promise<(Named & { accountId: string })[]>;

const named = { id: true, accountId: true, name: true } as const;
const inAccounts = (accountIds: string[], ids: string[]) => ({ accountId: { in: accountIds }, id: { in: ids } });

/** Each entity type an event names, and how to read one's name (an account's own objects). */
const LOOKUPS: Readonly<Record<string, Lookup>> = {
  callflow: (accountIds, ids) => db.callFlow.findMany({ where: inAccounts(accountIds, ids), select: named }),
  schedule: (accountIds, ids) => db.schedule.findMany({ where: inAccounts(accountIds, ids), select: named }),
  sound: (accountIds, ids) => db.sound.findMany({ where: inAccounts(accountIds, ids), select: named }),
  sipuser: async (accountIds, ids) =>
    (await db.sipUser.findMany({ where: inAccounts(accountIds, ids), select: { ...named, extension: true } })).map((row) => ({
      ...row,
      name: `${row.name} (${row.extension})`,
    })),
  huntgroup: async (accountIds, ids) =>
    (await db.huntGroup.findMany({ where: inAccounts(accountIds, ids), select: { ...named, extension: true } })).map((row) => ({
      ...row,
      name: `${row.name} (${row.extension})`,
    })),
  playlist: (accountIds, ids) => db.playlist.findMany({ where: inAccounts(accountIds, ids), select: named }),
  mailbox: (accountIds, ids) => db.mailbox.findMany({ where: inAccounts(accountIds, ids), select: named }),
  trunk: (accountIds, ids) => db.trunk.findMany({ where: inAccounts(accountIds, ids), select: named }),
  phonenumber: async (accountIds, ids) =>
    (
      await db.phoneNumber.findMany({ where: inAccounts(accountIds, ids), select: { id: true, accountId: true, number: true } })
    ).map((row) => ({ ...row, name: row.number })),
  webhook: async (accountIds, ids) =>
    (
      await db.webhookSubscription.findMany({
        where: inAccounts(accountIds, ids),
        select: { id: true, accountId: true, url: true },
      })
    ).map((row) => ({ ...row, name: row.url })),
  apicredential: async (accountIds, ids) =>
    (
      await db.apiCredential.findMany({
        where: inAccounts(accountIds, ids),
        select: { id: true, accountId: true, username: true },
      })
    ).map((row) => ({ ...row, name: row.username })),
  template: async (accountIds, ids) =>
    (
      await db.flowTemplate.findMany({
        where: { ownerAccountId: { in: accountIds }, id: { in: ids } },
        select: { id: true, ownerAccountId: true, name: true },
      })
    ).map((row) => ({ id: row.id, accountId: row.ownerAccountId, name: row.name })),
  // Users and accounts are named wherever the viewer reaches them: an account's event is
  // written to the account above it, a user's to the account it is in or the one above.
  user: async (_, ids, principal) =>
    (
      await db.user.findMany({
        where: { id: { in: ids }, account: accountsWithinReach(principal) },
        select: { id: true, accountId: true, email: true },
      })
    ).map((row) => ({ ...row, name: row.email })),
  account: async (_, ids, principal) =>
    (
      await db.account.findMany({
        where: { id: { in: ids }, ...accountsWithinReach(principal) },
        select: { id: true, name: true, displayName: true },
      })
    ).map((row) => ({ id: row.id, accountId: row.id, name: accountLabel(row) })),
};

/** At most this many uuids of one event are looked up: a flow holds at most a few hundred. */
const MAX_NAMED_UUIDS = 2000;

function uuidsIn(value: unknown, found: Set<string>): void {
  if (found.size >= MAX_NAMED_UUIDS) return;
  if (isUuid(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) uuidsIn(item, found);
  else if (isObject(value)) for (const item of Object.values(value)) uuidsIn(item, found);
}

/**
 * The names of the uuids in an event's before and after, looked up in the event's account
 * (accounts and users: within the viewer's reach). What is not found is not named: deleted,
 * or a module key, which the portal names from the flow itself.
 */
export async function namesInEvent(
  { principal }: RequestContext,
  event: { accountId: string; before: unknown; after: unknown },
): Promise<Named[]> {
  const found = new Set<string>();
  uuidsIn(event.before, found);
  uuidsIn(event.after, found);
  if (found.size === 0) return [];
  const ids = [...found];
  const rows = await Promise.all(Object.values(LOOKUPS).map((lookup) => lookup([event.accountId], ids, principal)));
  return rows.flat().map(({ id, name }) => ({ id, name }));
}

/** The fields that name an object in its own snapshot, first found first. */
const SNAPSHOT_NAME_FIELDS = ["name", "number", "email", "url", "username"] as const;

type Subject = { accountId: string; entityType: string; entityId: string };

/**
 * The name of each event's subject: as it is called now, or, once deleted, as the last event
 * that recorded its name called it. Null when neither says (an object never named).
 */
export async function subjectNames({ principal }: RequestContext, events: readonly Subject[]): Promise<(string | null)[]> {
  const key = (type: string, id: string) => `${type}:${id}`;
  const accountIds = [...new Set(events.map((event) => event.accountId))];
  const byType = new Map<string, Set<string>>();
  for (const { entityType, entityId } of events) {
    if (!Object.hasOwn(LOOKUPS, entityType) || !isUuid(entityId)) continue;
    byType.set(entityType, (byType.get(entityType) ?? new Set()).add(entityId));
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      for (const row of await LOOKUPS[type]!(accountIds, [...ids], principal)) names.set(key(type, row.id), row.name);
    }),
  );
  const missing = events.filter((event) => byType.has(event.entityType) && !names.has(key(event.entityType, event.entityId)));
  if (missing.length > 0) {
    for (const row of await lastRecordedNames(accountIds, missing)) names.set(key(row.entityType, row.entityId), row.name);
  }
  return events.map((event) => names.get(key(event.entityType, event.entityId)) ?? null);
}

/** The latest name each deleted subject's own events recorded, within the events' accounts. */
async function lastRecordedNames(accountIds: string[], subjects: readonly Subject[]) {
  const name = Prisma.join(
    SNAPSHOT_NAME_FIELDS.flatMap((field) => [Prisma.sql`"after"->>${field}`, Prisma.sql`"before"->>${field}`]),
  );
  const pairs = Prisma.join(subjects.map((subject) => Prisma.sql`(${subject.entityType}, ${subject.entityId})`));
  return db.$queryRaw<{ entityType: string; entityId: string; name: string }[]>`
    SELECT DISTINCT ON ("entityType", "entityId") "entityType", "entityId", COALESCE(${name}) AS "name"
    FROM "AuditEvent"
    WHERE "accountId" = ANY(${accountIds}::uuid[]) AND ("entityType", "entityId") IN (${pairs})
      AND COALESCE(${name}) IS NOT NULL
    ORDER BY "entityType", "entityId", "id" DESC`;
}
