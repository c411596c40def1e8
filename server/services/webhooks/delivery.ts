import { Webhook } from "standardwebhooks";
import { webhookSettings } from "@/server/config";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError } from "@/server/errors";
import { defineJob, enqueue } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { keyedPlaces } from "@/server/keyed-places";
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt } from "./retry";
import { SEND_FAILURES, type SendResult, sendWebhook } from "./send";
import { resolveWebhookTarget } from "./ssrf";

/** How long one worker owns a delivery it is sending (the request times out after 10 s). */
const LEASE_SECONDS = 30;

/** How many deliveries one process sends at once, every account's together. */
const WEBHOOK_SENDERS = 8;
/**
 * How many of those places the subscriptions of one account (the account that chose their URLs)
 * may hold at once in one process. A delivery of an account at its share waits for one of the
 * account's places in memory, at most `PLACE_WAIT_MS` and only behind as many others as the share
 * (a burst to fast receivers keeps flowing); otherwise its job is queued again, holding no place
 * meanwhile: 1 s later, doubling for each time it found the share taken, up to 32 s, so a backlog
 * of thousands behind a dead server does not churn the queue (the account's senders take its
 * oldest due deliveries themselves, see `DRAIN_MS`).
 */
export const WEBHOOK_SENDS_PER_ACCOUNT = 2;
const PLACE_WAIT_MS = 500;
const SHARE_WAIT_MS = 1_000;
const MAX_SHARE_WAITS = 5;
/**
 * A sender that holds one of an account's places goes on with the account's next due delivery
 * for up to this long, so an account's burst flows at its share's pace rather than at the pace
 * of jobs queued again; the jobs of deliveries it sent find nothing left to do.
 */
const DRAIN_MS = 5_000;

/**
 * Sends one delivery of the outbox. Failed attempts are retried by the delivery's own schedule
 * (retry.ts), each as a new job; pg-boss's retries only cover a worker that died mid-attempt
 * (after the job expires, once the lease is over).
 *
 * ─── FAIRNESS ─── deliveries are sent side by side (`WEBHOOK_SENDERS` at once, each job on its
 * own), an account's subscriptions hold at most `WEBHOOK_SENDS_PER_ACCOUNT` of the places, and a
 * connection that is not ready within 3 s is given up (send.ts). So a tenant pointing many
 * subscriptions at a slow or dead server slows only its own deliveries.
 */
export const webhookDeliveryJob = defineJob<{ deliveryId: string; shareWaits?: number }>({
  queue: "webhook-delivery",
  policy: { retryLimit: 5, retryDelay: 60, expireInSeconds: 300 },
  work: { pollingIntervalSeconds: 0.5 },
  concurrency: WEBHOOK_SENDERS,
  run: ({ deliveryId, shareWaits }) => attemptDelivery(deliveryId, shareWaits),
});

/** An account's places among this process's senders (see WEBHOOK_SENDS_PER_ACCOUNT). */
const sendPlaces = keyedPlaces("webhookSendPlaces", {
  places: () => WEBHOOK_SENDS_PER_ACCOUNT,
  maxWaiting: () => WEBHOOK_SENDS_PER_ACCOUNT,
});

/**
 * Takes the delivery for this worker when it is due, not taken by another worker, and no earlier
 * event of the same object is still pending for the same subscription (events of one object
 * arrive in order). Otherwise there is nothing to do now: a later job takes it (see `queueNext`).
 */
async function claim(deliveryId: string): Promise<boolean> {
  const claimed = await db.$executeRaw`
    UPDATE "WebhookDelivery" d SET "leaseUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE d.id = ${deliveryId}::uuid AND d.status = 'pending' AND d."nextAttemptAt" <= now()
      AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now())
      AND NOT EXISTS (
        SELECT 1 FROM "WebhookDelivery" e
        WHERE e."subscriptionId" = d."subscriptionId" AND e."objectKey" = d."objectKey"
          AND e.status = 'pending' AND e.sequence < d.sequence
      )`;
  return claimed === 1;
}

/** After a delivery ends, the next pending event of the same object and subscription may go. */
async function queueNext(tx: Tx, done: { id: string; subscriptionId: string; objectKey: string }) {
  const next = await tx.webhookDelivery.findFirst({
    where: { subscriptionId: done.subscriptionId, objectKey: done.objectKey, status: "pending", id: { not: done.id } },
    orderBy: { sequence: "asc" },
    select: { id: true, nextAttemptAt: true },
  });
  if (next) await enqueue(webhookDeliveryJob, { deliveryId: next.id }, { tx, startAfter: next.nextAttemptAt });
}

/** The Standard Webhooks headers: the same `webhook-id` on every attempt of a delivery. */
function signedHeaders(secret: string, messageId: string, body: string, at: Date): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "CallFlowPortal-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

const NOT_SENT = "Not sent: the subscription is disabled";
/** An attempt as the delivery log records it: sent, or not sent at all. */
type Attempted = Omit<SendResult, "error"> & { error: SendResult["error"] | typeof NOT_SENT };

async function send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
  try {
    // The guard runs before every attempt: the host's addresses may have changed since subscribing.
    return await sendWebhook(await resolveWebhookTarget(url), headers, body);
  } catch (error) {
    // Refused by the guard: to the tenant, a connection that failed (what the host resolves to is not theirs to learn).
    if (error instanceof AppError) {
      return { statusCode: null, latencyMs: 0, responseBody: "", error: SEND_FAILURES.connection, detail: error.message };
    }
    throw error;
  }
}

async function attemptDelivery(deliveryId: string, shareWaits = 0): Promise<void> {
  const pending = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { status: true, subscription: { select: { accountId: true } } },
  });
  if (pending?.status !== "pending") return;
  const { accountId } = pending.subscription;
  if (!(await sendPlaces.take(accountId, PLACE_WAIT_MS))) {
    const waitMs = SHARE_WAIT_MS * 2 ** Math.min(shareWaits, MAX_SHARE_WAITS);
    await enqueue(webhookDeliveryJob, { deliveryId, shareWaits: shareWaits + 1 }, { startAfter: new Date(Date.now() + waitMs) });
    return;
  }
  try {
    const drainUntil = Date.now() + DRAIN_MS;
    let next: string | null = deliveryId;
    while (next) {
      await attemptClaimed(next);
      next = Date.now() < drainUntil ? await nextDueOfAccount(accountId) : null;
    }
  } finally {
    sendPlaces.release(accountId);
  }
}

/** The oldest delivery of the account's subscriptions that `claim` would take now, if any. */
async function nextDueOfAccount(accountId: string): Promise<string | null> {
  const [next] = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM "WebhookDelivery" d JOIN "WebhookSubscription" s ON s.id = d."subscriptionId"
    WHERE s."accountId" = ${accountId}::uuid AND d.status = 'pending' AND d."nextAttemptAt" <= now()
      AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now())
      AND NOT EXISTS (
        SELECT 1 FROM "WebhookDelivery" e
        WHERE e."subscriptionId" = d."subscriptionId" AND e."objectKey" = d."objectKey"
          AND e.status = 'pending' AND e.sequence < d.sequence
      )
    ORDER BY d.sequence LIMIT 1`;
  return next?.id ?? null;
}

async function attemptClaimed(deliveryId: string): Promise<void> {
  if (!(await claim(deliveryId))) return;
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { subscription: { omit: { secret: false } } },
  });
  if (!delivery) return;
  const { subscription } = delivery;
  const body = JSON.stringify(delivery.payload);
  const result: Attempted = subscription.enabled
    ? await send(subscription.url, signedHeaders(subscription.secret, delivery.id, body, new Date()), body)
    : { statusCode: null, latencyMs: 0, responseBody: "", error: NOT_SENT };
  if (result.detail) {
    logger.info({ deliveryId, subscriptionId: subscription.id, reason: result.detail }, "Webhook attempt got no answer");
  }
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const now = new Date();
  const attempts = delivery.attempts + 1;
  const retryAt =
    succeeded || !subscription.enabled
      ? null
      : nextAttemptAt(now, attempts, delivery.retryUntil, webhookSettings().retryBaseSeconds);
  // A write of the subscription's account (its delivery log, its failing run).
  await accountWriteTransaction(subscription.accountId, async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id },
      data: {
        attempts,
        leaseUntil: null,
        ...(succeeded
          ? { status: "delivered", finishedAt: now }
          : retryAt
            ? { nextAttemptAt: retryAt }
            : { status: "failed", finishedAt: now }),
      },
    });
    // Deleted with its subscription meanwhile: nothing left to record.
    if (count === 0) return;
    await tx.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        attempt: attempts,
        at: now,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        responseBody: result.responseBody,
        error: result.error ?? (succeeded ? null : `HTTP ${result.statusCode}`),
      },
    });
    if (retryAt) await enqueue(webhookDeliveryJob, { deliveryId: delivery.id }, { tx, startAfter: retryAt });
    else await queueNext(tx, delivery);
    if (subscription.enabled) await noteOutcome(tx, subscription.id, succeeded, now, result);
  });
}

/** A success ends a failing run; three days of nothing but failures switch the subscription off. */
async function noteOutcome(tx: Tx, subscriptionId: string, succeeded: boolean, now: Date, result: Attempted) {
  if (succeeded) {
    await tx.webhookSubscription.updateMany({
      where: { id: subscriptionId, failingSince: { not: null } },
      data: { failingSince: null },
    });
    return;
  }
  await tx.webhookSubscription.updateMany({ where: { id: subscriptionId, failingSince: null }, data: { failingSince: now } });
  const failingLong = new Date(now.getTime() - DISABLE_AFTER_FAILING_MS);
  const last = result.statusCode === null ? result.error : `HTTP ${result.statusCode}`;
  await tx.webhookSubscription.updateMany({
    where: { id: subscriptionId, enabled: true, failingSince: { lte: failingLong } },
    data: {
      enabled: false,
      disabledReason: `Switched off on ${now.toISOString().slice(0, 10)}: every delivery failed for 3 days (last: ${last})`,
    },
  });
}
