import { createHash } from "node:crypto";
import type { Principal, RequestContext } from "@/server/auth/actor";
import type { AccountTx } from "@/server/db/account-writers";
import { type AuditEvent, Prisma } from "@/server/generated/prisma/client";
import { eventDataOf, type ShownRow, webhookEventTypeOf } from "../webhooks/events";
import { recordWebhookEvents, subscribersSql } from "../webhooks/outbox";
import { asStoredJson, canonicalJson } from "./canonical-json";

export type AuditChange = {
  /** The account whose data changed (the account acted for). */
  accountId: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

export function actorLabel(principal: Principal): string {
  return principal.via === "portal" ? principal.email : `api:${principal.username}@${principal.accountName}`;
}

/** The fields the hash covers: everything but the row id and the hash itself. */
type HashedFields = Omit<AuditEvent, "id" | "hash">;

export function auditHash(event: HashedFields): string {
  return createHash("sha256")
    .update(canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() }))
    .digest("hex");
}

declare const readUnderLock: unique symbol;

/**
 * An account's audit chain as read by the statement that took its lock: the hash its next event
 * links to, and the subscribers of the change's webhook event. Only lockedChainOf makes one.
 */
export type LockedChain = { prevHash: string | null; subscriberIds: string[] } & { readonly [readUnderLock]: true };

/** The columns LOCKED_CHAIN_COLUMNS adds to a statement's row. */
export type LockedChainColumns = { chainHash: string | null; chainSubscribers: string[] };

/**
 * ─── THE CHAIN'S LOCK AND HEAD IN ONE STATEMENT ─── CTEs (`chain_lock`, `chain_head`) that take
 * the audit-chain lock of `change`'s account and then read its head (AuditChainHead, moved on by
 * a trigger with every event), for a statement that also selects LOCKED_CHAIN_COLUMNS. The head
 * is read by an upsert, which sees its latest committed version even though the statement's
 * snapshot is older than the lock it waited for; a plain read would miss an event committed
 * while it waited. With `after`, the name of a CTE of the same statement that writes the
 * change's row, the lock is taken only once that row is written (and locked), and only if it
 * was: rows first, the chain's lock last (see call-flows/references.ts).
 */
export function chainLockCtes(change: AuditChange, after?: string): Prisma.Sql {
  const source = after ? Prisma.raw(`(SELECT 1 FROM ${after} LIMIT 1) AS chain_after`) : Prisma.sql`(VALUES (1)) AS chain_now`;
  return Prisma.sql`chain_lock AS (SELECT pg_advisory_xact_lock(hashtext(${`audit:${change.accountId}`})) FROM ${source}),
    chain_head AS (
      INSERT INTO "AuditChainHead" ("accountId") SELECT ${change.accountId}::uuid FROM chain_lock
      ON CONFLICT ("accountId") DO UPDATE SET "accountId" = EXCLUDED."accountId"
      RETURNING "hash"
    )`;
}

/** The columns of the chain read by chainLockCtes, for the same statement's select list. */
export function lockedChainColumns(change: AuditChange): Prisma.Sql {
  const type = webhookEventTypeOf(change.action);
  const subscribers = type === null ? Prisma.sql`ARRAY[]::text[]` : subscribersSql(type, change.accountId);
  return Prisma.sql`(SELECT "hash" FROM chain_head) AS "chainHash", ${subscribers} AS "chainSubscribers"`;
}

export function lockedChainOf(row: LockedChainColumns): LockedChain {
  return { prevHash: row.chainHash, subscriberIds: row.chainSubscribers } as LockedChain;
}

/**
 * Records a change: its audit event and its webhook events (the outbox), inside the change's
 * own transaction, so a change that fails leaves neither, and neither exists without its change.
 * A webhook event's `data` is made from `row`, the object as the write holds it (the row it
 * leaves; for a delete, the row as it last was): the actions with an event that shows the
 * object take it (webhooks/events.ts), and nothing is read back.
 *
 * Events of one account are chained: each links to the hash of the one before, and a lock per
 * account keeps concurrent writers from forking the chain. Taking it is one statement (with the
 * chain's head and the event's subscribers), writing the event another; a write that took the
 * lock in its own statement (chainLockCtes) passes what it read as `lockedChain`, and this
 * writes the event only.
 *
 * ─── THE LAST STATEMENTS OF A WRITE ─── The lock is the one lock every writer of the account
 * waits for, held until commit: callers make this their last call, after every row lock (see
 * call-flows/references.ts), and what can be read before taking it is read before.
 */
export async function recordChange<Action extends string>(
  tx: AccountTx,
  ctx: RequestContext,
  change: AuditChange & { action: Action; lockedChain?: LockedChain },
  ...shown: ShownRow<Action>
): Promise<void> {
  const chain = change.lockedChain ?? (await lockChain(tx, change));
  const { principal } = ctx;
  const event: HashedFields = {
    occurredAt: new Date(),
    actorUserId: principal.via === "portal" ? principal.userId : null,
    actorApiCredentialId: principal.via === "api" ? principal.apiCredentialId : null,
    actorLabel: actorLabel(principal),
    actorAccountId: principal.accountId,
    accountId: change.accountId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: asStoredJson(change.before) as Prisma.JsonValue,
    after: asStoredJson(change.after) as Prisma.JsonValue,
    ip: ctx.ip,
    userAgent: ctx.userAgent.slice(0, 500),
    channel: principal.via,
    prevHash: chain.prevHash,
  };
  // createMany: the event is not read back (its before and after can be whole flows). Its
  // insert moves the chain's head on (a trigger).
  await tx.auditEvent.createMany({
    data: {
      ...event,
      before: event.before ?? undefined,
      after: event.after ?? undefined,
      hash: auditHash(event),
    } as Prisma.AuditEventUncheckedCreateInput,
  });
  const type = webhookEventTypeOf(change.action);
  if (type !== null && chain.subscriberIds.length > 0) {
    const pending = { type, subscriptionIds: chain.subscriberIds, data: eventDataOf(change, (shown as unknown[])[0]) };
    await recordWebhookEvents(tx, change, pending, event.occurredAt);
  }
}

async function lockChain(tx: AccountTx, change: AuditChange): Promise<LockedChain> {
  const [row] = await tx.$queryRaw<LockedChainColumns[]>`
    WITH ${chainLockCtes(change)} SELECT ${lockedChainColumns(change)}`;
  return lockedChainOf(row!);
}

/**
 * Records many changes of one batch (a bulk import's rows) at once: per account, its chain's lock
 * taken once and its events written in one insert, each linked to the one before it as
 * recordChange links them. For actions that send no webhook event only (a change that sends one
 * goes through recordChange, which writes its outbox rows).
 */
export async function recordChanges(tx: AccountTx, ctx: RequestContext, changes: readonly AuditChange[]): Promise<void> {
  if (changes.some((change) => webhookEventTypeOf(change.action) !== null)) {
    throw new Error("recordChanges takes actions without webhook events; use recordChange for the others");
  }
  const { principal } = ctx;
  const accounts = [...new Set(changes.map((change) => change.accountId))];
  const rows: Prisma.AuditEventUncheckedCreateInput[] = [];
  for (const accountId of accounts) {
    let prevHash = (await lockChain(tx, { accountId, action: "", entityType: "", entityId: "" })).prevHash;
    for (const change of changes.filter((candidate) => candidate.accountId === accountId)) {
      const event: HashedFields = {
        occurredAt: new Date(),
        actorUserId: principal.via === "portal" ? principal.userId : null,
        actorApiCredentialId: principal.via === "api" ? principal.apiCredentialId : null,
        actorLabel: actorLabel(principal),
        actorAccountId: principal.accountId,
        accountId,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        before: asStoredJson(change.before) as Prisma.JsonValue,
        after: asStoredJson(change.after) as Prisma.JsonValue,
        ip: ctx.ip,
        userAgent: ctx.userAgent.slice(0, 500),
        channel: principal.via,
        prevHash,
      };
      const hash = auditHash(event);
      rows.push({
        ...event,
        before: event.before ?? undefined,
        after: event.after ?? undefined,
        hash,
      } as Prisma.AuditEventUncheckedCreateInput);
      prevHash = hash;
    }
  }
  // In chain order: the trigger moves each account's head on to its last event. One raw statement:
  // Prisma's createMany builds and compiles a query of every event's fields, which for a batch of
  // an import cost more than the insert. `before` and `after` are JSON (their text kept as sent).
  if (rows.length > 0)
    await tx.$executeRaw`
      INSERT INTO "AuditEvent" ("occurredAt", "actorUserId", "actorApiCredentialId", "actorLabel", "actorAccountId", "accountId",
                                "action", "entityType", "entityId", "before", "after", "ip", "userAgent", "channel", "prevHash", "hash")
      SELECT "occurredAt", "actorUserId", "actorApiCredentialId", "actorLabel", "actorAccountId", "accountId",
             "action", "entityType", "entityId", "before", "after", "ip", "userAgent", "channel", "prevHash", "hash"
        FROM ROWS FROM (json_to_recordset(${JSON.stringify(rows)}::json)
               AS ("occurredAt" timestamptz, "actorUserId" uuid, "actorApiCredentialId" uuid, "actorLabel" text,
                   "actorAccountId" uuid, "accountId" uuid, "action" text, "entityType" text, "entityId" text,
                   "before" json, "after" json, "ip" text, "userAgent" text, "channel" text, "prevHash" text, "hash" text))
             WITH ORDINALITY AS x
       ORDER BY x.ordinality`;
}
