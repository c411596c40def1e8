import type { Tx } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { enqueue } from "@/server/jobs/queue";
import type { AuditChange } from "../audit/record";
import { webhookDeliveryJob } from "./delivery";
import { objectKeyOf } from "./events";
import { retryWindowEnd } from "./retry";

/** A change's webhook events before they are written: its type, who subscribes, and the data each receives. */
type PendingWebhookEvents = { type: string; subscriptionIds: string[]; data: unknown };

/**
 * Who receives a change's webhook event of `type`, as an SQL expression (an array of
 * subscription ids, oldest first) for the statement that takes the audit chain's lock
 * (audit/record.ts): the account's own enabled subscriptions to the event type, and the
 * `subtree` ones of the accounts above it (its tree path "/<root>/<reseller>/<account>/").
 */
export function subscribersSql(type: string, accountId: string): Prisma.Sql {
  return Prisma.sql`ARRAY(
    SELECT s.id::text FROM "WebhookSubscription" s
    WHERE s.enabled AND ${type}::text = ANY(s.events)
      AND (s."accountId" = ${accountId}::uuid
        OR (s.subtree AND s."accountId"::text IN (
          SELECT unnest(string_to_array(a.path, '/')) FROM "Account" a WHERE a.id = ${accountId}::uuid)))
    ORDER BY s."createdAt" ASC)`;
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

type OutgoingEvent = {
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
