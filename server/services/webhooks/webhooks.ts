import { randomBytes } from "node:crypto";
import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { reserveWithinPlan } from "../plans/limits";
import { AppError, fieldError, notFound } from "@/server/errors";
import type { WebhookSubscription } from "@/server/generated/prisma/client";
import { enqueue } from "@/server/jobs/queue";
import { type ActingAccount, resolveActingAccount, type InAccount, type AccountObjectRef } from "../acting-account";
import { recordChange } from "../audit/record";
import { webhookDeliveryJob } from "./delivery";
import { TEST_EVENT_TYPE } from "./event-types";
import { queueDelivery } from "./outbox";
import { retryWindowEnd } from "./retry";
import type { TWebhookSubscriptionFields } from "./schemas";
import { checkWebhookUrl } from "./ssrf";

// Webhook subscriptions of one account (the account acted for), from the portal and the REST API.
// The signing secret is generated here and returned once, by create; the database client omits
// it from every other read.

export type StoredSubscription = Omit<WebhookSubscription, "secret">;

/** Enough for every integration an account runs; it bounds the outbox's fan-out per change. */
const MAX_SUBSCRIPTIONS_PER_ACCOUNT = 20;
/** The delivery log shows this many of a subscription's latest deliveries. */
const DELIVERY_LOG_SIZE = 50;

// ─── TENANT ISOLATION ─── every read or write of a subscription matches it through here. ───
function subscriptionWhere(account: ActingAccount, id: string) {
  return { id, accountId: account.id };
}

async function findSubscription(
  tx: Pick<Tx, "webhookSubscription">,
  account: ActingAccount,
  id: string,
): Promise<StoredSubscription> {
  const subscription = isUuid(id) ? await tx.webhookSubscription.findFirst({ where: subscriptionWhere(account, id) }) : null;
  if (!subscription) throw notFound("Webhook subscription");
  return subscription;
}

/** A Standard Webhooks secret: "whsec_" and 24 random bytes in base64. */
function generateSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** What the audit trail keeps of a subscription: never its secret. */
function auditSnapshot(subscription: StoredSubscription) {
  const { url, events, enabled, subtree, disabledReason } = subscription;
  return { url, events, enabled, subtree, disabledReason };
}

/** The checks beyond the fields' own shape: the URL's target, and who may cover a subtree. */
async function checkedColumns(tx: Pick<Tx, "account">, account: ActingAccount, fields: TWebhookSubscriptionFields) {
  const url = await checkWebhookUrl(fields.url);
  if (fields.subtree) {
    const { kind } = await tx.account.findUniqueOrThrow({ where: { id: account.id }, select: { kind: true } });
    if (kind === "customer") throw fieldError("subtree", "subtree is for resellers: a customer has no accounts below it");
  }
  return { url, events: fields.events, enabled: fields.enabled, subtree: fields.subtree };
}

export async function listWebhookSubscriptions(ctx: RequestContext, { accountId }: InAccount): Promise<StoredSubscription[]> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return db.webhookSubscription.findMany({ where: { accountId: account.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function getWebhookSubscription(
  ctx: RequestContext,
  { accountId, id }: AccountObjectRef,
): Promise<StoredSubscription> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return findSubscription(db, account, id);
}

/** A new subscription and its secret, which only this answer ever carries. */
export async function createWebhookSubscription(
  ctx: RequestContext,
  { accountId, fields }: { accountId: string; fields: TWebhookSubscriptionFields },
): Promise<{ subscription: StoredSubscription; secret: string }> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const secret = generateSecret();
  const subscription = await accountWriteTransaction(account.id, async (tx) => {
    const columns = await checkedColumns(tx, account, fields);
    // One create at a time per account, so two racing cannot both pass the limit.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`webhooks:${account.id}`}))`;
    const existing = await tx.webhookSubscription.count({ where: { accountId: account.id } });
    if (existing >= MAX_SUBSCRIPTIONS_PER_ACCOUNT) {
      throw new AppError("CONFLICT", `An account can have at most ${MAX_SUBSCRIPTIONS_PER_ACCOUNT} webhook subscriptions`);
    }
    await reserveWithinPlan(tx, account.id, "webhooks");
    const created = await tx.webhookSubscription.create({ data: { accountId: account.id, ...columns, secret } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "webhook.create",
      entityType: "webhook",
      entityId: created.id,
      after: auditSnapshot(created),
    });
    return created;
  });
  return { subscription, secret };
}

/** Replaces a subscription's URL, events and switches. Switching it on again clears why it was off. */
export async function updateWebhookSubscription(
  ctx: RequestContext,
  { accountId, id, fields }: { accountId: string; id: string; fields: TWebhookSubscriptionFields },
): Promise<StoredSubscription> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const current = await findSubscription(tx, account, id);
    const columns = await checkedColumns(tx, account, fields);
    const restarted = columns.enabled && !current.enabled ? { disabledReason: null, failingSince: null } : {};
    const updated = await tx.webhookSubscription.update({ where: { id: current.id }, data: { ...columns, ...restarted } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "webhook.update",
      entityType: "webhook",
      entityId: current.id,
      before: auditSnapshot(current),
      after: auditSnapshot(updated),
    });
    return updated;
  });
}

/** Deletes a subscription with its deliveries; deliveries still queued find nothing to send. */
export async function deleteWebhookSubscription(
  ctx: RequestContext,
  { accountId, id }: AccountObjectRef,
): Promise<StoredSubscription> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const current = await findSubscription(tx, account, id);
    await tx.webhookSubscription.delete({ where: { id: current.id } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "webhook.delete",
      entityType: "webhook",
      entityId: current.id,
      before: auditSnapshot(current),
    });
    return current;
  });
}

function refuseWhenDisabled(subscription: StoredSubscription) {
  if (!subscription.enabled) throw new AppError("CONFLICT", "The subscription is off: switch it on before sending to it");
}

/** Queues a `webhook.test` event for one subscription, whatever event types it takes. */
export async function sendTestEvent(ctx: RequestContext, { accountId, id }: AccountObjectRef) {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const subscription = await findSubscription(tx, account, id);
    refuseWhenDisabled(subscription);
    const delivery = await queueDelivery(tx, {
      subscriptionId: subscription.id,
      accountId: account.id,
      type: TEST_EVENT_TYPE,
      objectKey: `webhook:${subscription.id}`,
      data: { subscription: subscription.id, message: "A test event sent from the portal" },
      occurredAt: new Date(),
    });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "webhook.test",
      entityType: "webhook",
      entityId: subscription.id,
      after: { delivery: delivery.id },
    });
    return delivery;
  });
}

/**
 * Sends a delivery again, as it was (same `webhook-id`, so a receiver that already has it can
 * tell), with a fresh 24 hours of retries. A delivery still pending is left to its own schedule.
 */
export async function replayDelivery(ctx: RequestContext, { accountId, deliveryId }: { accountId: string; deliveryId: string }) {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const delivery = isUuid(deliveryId)
      ? await tx.webhookDelivery.findFirst({
          where: { id: deliveryId, subscription: { accountId: account.id } },
          include: { subscription: true },
        })
      : null;
    if (!delivery) throw notFound("Delivery");
    refuseWhenDisabled(delivery.subscription);
    if (delivery.status === "pending")
      throw new AppError("CONFLICT", "The delivery is still being sent; replay it once it has succeeded or failed");
    const now = new Date();
    const replayed = await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "pending", nextAttemptAt: now, retryUntil: retryWindowEnd(now), finishedAt: null, leaseUntil: null },
    });
    await enqueue(webhookDeliveryJob, { deliveryId: delivery.id }, { tx });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "webhook.replay",
      entityType: "webhook",
      entityId: delivery.subscriptionId,
      after: { delivery: delivery.id },
    });
    return replayed;
  });
}

/** The delivery log: a subscription's latest deliveries, newest first, each with its attempts. */
export async function listDeliveries(ctx: RequestContext, { accountId, id }: AccountObjectRef) {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const subscription = await findSubscription(db, account, id);
  return db.webhookDelivery.findMany({
    where: { subscriptionId: subscription.id },
    orderBy: { sequence: "desc" },
    take: DELIVERY_LOG_SIZE,
    select: {
      id: true,
      eventType: true,
      objectKey: true,
      status: true,
      attempts: true,
      createdAt: true,
      nextAttemptAt: true,
      finishedAt: true,
      attemptLog: {
        orderBy: { attempt: "asc" },
        select: { attempt: true, at: true, statusCode: true, latencyMs: true, error: true, responseBody: true },
      },
    },
  });
}
