import "server-only";
import type { Tx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { enqueue } from "@/server/jobs/queue";
import type { AuditChange } from "../audit/record";
import { webhookDeliveryJob } from "./delivery";
import { eventData, objectKeyOf, webhookEventOf } from "./events";
import { retryWindowEnd } from "./retry";

/** The ancestors of an account, from its tree path "/<root>/<reseller>/<account>/". */
function ancestorIds(path: string, accountId: string): string[] {
  return path.split("/").filter((id) => id !== "" && id !== accountId);
}

/**
 * Writes a change's webhook events to the outbox, in the change's own transaction (called by
 * recordAudit): a delivery exists if and only if its change commits, and so does its job.
 * Subscribers are the account's own enabled subscriptions to the event type, and the `subtree`
 * ones of the accounts above it.
 */
export async function recordWebhookEvents(tx: Tx, change: AuditChange, occurredAt: Date): Promise<void> {
  const type = webhookEventOf(change.action);
  if (!type) return;
  const account = await tx.account.findUnique({ where: { id: change.accountId }, select: { path: true } });
  if (!account) return;
  const subscriptions = await tx.webhookSubscription.findMany({
    where: {
      enabled: true,
      events: { has: type },
      OR: [{ accountId: change.accountId }, { subtree: true, accountId: { in: ancestorIds(account.path, change.accountId) } }],
    },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  if (subscriptions.length === 0) return;
  const data = await eventData(tx, change);
  for (const subscription of subscriptions) {
    await queueDelivery(tx, {
      subscriptionId: subscription.id,
      accountId: change.accountId,
      type,
      objectKey: objectKeyOf(change),
      data,
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
