import type { Tx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { enqueue } from "@/server/jobs/queue";
import type { AuditChange } from "../audit/record";
import { webhookDeliveryJob } from "./delivery";
import { eventDataOf, objectKeyOf, webhookEventTypeOf } from "./events";
import { retryWindowEnd } from "./retry";

/** A change's webhook events before they are written: its type, who subscribes, and the data each receives. */
export type PendingWebhookEvents = { type: string; subscriptionIds: string[]; data: unknown } | null;

/**
 * Who receives a change's webhook event, and its data, made from `row`, the object as the write
 * holds it (called by recordChange, before it takes the audit lock: this only reads).
 * Subscribers are the account's own enabled subscriptions to the event type, and the `subtree`
 * ones of the accounts above it (its tree path "/<root>/<reseller>/<account>/"): one query.
 */
export async function pendingWebhookEvents(tx: Tx, change: AuditChange, row: unknown): Promise<PendingWebhookEvents> {
  const type = webhookEventTypeOf(change.action);
  if (!type) return null;
  const subscriptions = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id::text AS id FROM "WebhookSubscription" s
    WHERE s.enabled AND ${type}::text = ANY(s.events)
      AND (s."accountId" = ${change.accountId}::uuid
        OR (s.subtree AND s."accountId"::text IN (
          SELECT unnest(string_to_array(a.path, '/')) FROM "Account" a WHERE a.id = ${change.accountId}::uuid)))
    ORDER BY s."createdAt" ASC`;
  if (subscriptions.length === 0) return null;
  return { type, subscriptionIds: subscriptions.map((subscription) => subscription.id), data: eventDataOf(change, row) };
}

/**
 * Writes a change's webhook events to the outbox, in the change's own transaction (called by
 * recordChange): a delivery exists if and only if its change commits, and so does its job.
 */
export async function recordWebhookEvents(
  tx: Tx,
  change: AuditChange,
  pending: PendingWebhookEvents,
  occurredAt: Date,
): Promise<void> {
  if (!pending) return;
  for (const subscriptionId of pending.subscriptionIds) {
    await queueDelivery(tx, {
      subscriptionId,
      accountId: change.accountId,
      type: pending.type,
      objectKey: objectKeyOf(change),
      data: pending.data,
      occurredAt,
    });
  }
}

export type OutgoingEvent = {
  subscriptionId: string;
  /** The account whose data changed. */
  accountId: string;
  type: string;
  objectKey: string;
  data: unknown;
  occurredAt: Date;
};

/** One event for one subscription, as `{type, timestamp, data}`, with the job that sends it (in `tx`). */
export async function queueDelivery(tx: Tx, event: OutgoingEvent): Promise<{ id: string }> {
  const payload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data } as Prisma.InputJsonValue;
  const delivery = await tx.webhookDelivery.create({
    data: {
      subscriptionId: event.subscriptionId,
      accountId: event.accountId,
      eventType: event.type,
      objectKey: event.objectKey,
      payload,
      retryUntil: retryWindowEnd(event.occurredAt),
    },
    select: { id: true },
  });
  await enqueue(webhookDeliveryJob, { deliveryId: delivery.id }, { tx });
  return delivery;
}
