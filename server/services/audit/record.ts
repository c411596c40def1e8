import { createHash } from "node:crypto";
import type { Principal, RequestContext } from "@/server/auth/actor";
import type { AccountTx } from "@/server/db/account-writers";
import type { AuditEvent, Prisma } from "@/server/generated/prisma/client";
import type { ShownRow } from "../webhooks/events";
import { pendingWebhookEvents, recordWebhookEvents } from "../webhooks/outbox";
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

/**
 * Records a change: its audit event and its webhook events (the outbox), inside the change's
 * own transaction, so a change that fails leaves neither, and neither exists without its change.
 * Events of one account are chained; an advisory lock per account keeps concurrent writers from
 * forking the chain. A webhook event's `data` is made from `row`, the object as the write holds
 * it (the row it leaves; for a delete, the row as it last was): the actions with an event that
 * shows the object take it (webhooks/events.ts), and nothing is read back.
 *
 * ─── THE LAST STATEMENTS OF A WRITE ─── The lock is the one lock every writer of the account
 * waits for, held until commit: callers make this their last call, after every row lock (see
 * call-flows/references.ts), and what can be read before taking it is read before.
 */
export async function recordChange<Action extends string>(
  tx: AccountTx,
  ctx: RequestContext,
  change: AuditChange & { action: Action },
  ...shown: ShownRow<Action>
): Promise<void> {
  const webhooks = await pendingWebhookEvents(tx, change, (shown as unknown[])[0]);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`audit:${change.accountId}`}))`;
  const previous = await tx.auditEvent.findFirst({
    where: { accountId: change.accountId },
    orderBy: { id: "desc" },
    select: { hash: true },
  });
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
    prevHash: previous?.hash ?? null,
  };
  // createMany: the event is not read back (its before and after can be whole flows).
  await tx.auditEvent.createMany({
    data: {
      ...event,
      before: event.before ?? undefined,
      after: event.after ?? undefined,
      hash: auditHash(event),
    } as Prisma.AuditEventUncheckedCreateInput,
  });
  await recordWebhookEvents(tx, change, webhooks, event.occurredAt);
}
