import { loadActor, type RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import type { ScheduledPublish } from "@/server/generated/prisma/client";
import { cancelJob, defineJob, enqueue } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { resolveActingAccount } from "../acting-account";
import { actorLabel, recordChange } from "../audit/record";
import { publishDraftIn } from "./drafts";
import { lockFlowRow } from "./references";
import { findCallFlow } from "./call-flows";

// "Publish this draft at 18:00 Friday": a ScheduledPublish row and a durable job (pg-boss, in
// PostgreSQL, so it survives restarts) written in one transaction. At run time the job
// publishes whatever the draft is then, as the user who scheduled it.

/** How far ahead a publish can be scheduled. */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60_000;

export const scheduledPublishJob = defineJob<{ scheduledPublishId: string }>({
  queue: "callflow-scheduled-publish",
  // Only unexpected failures (the database away) are retried; a draft that cannot be published
  // is recorded on the row as failed and not retried.
  policy: { retryLimit: 3, retryDelay: 30, retryBackoff: true },
  run: ({ scheduledPublishId }) => runScheduledPublish(scheduledPublishId),
});

/** The flow's scheduled publishes, the pending one first, then the latest outcomes. */
export async function scheduledPublishesOf(
  ctx: RequestContext,
  { accountId, flowId }: { accountId: string; flowId: string },
): Promise<ScheduledPublish[]> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return db.scheduledPublish.findMany({ where: { accountId: account.id, flowId }, orderBy: [{ createdAt: "desc" }], take: 5 });
}

export async function schedulePublish(
  ctx: RequestContext,
  { accountId, flowId, runAt }: { accountId: string; flowId: string; runAt: Date },
): Promise<ScheduledPublish> {
  const { principal } = ctx;
  // The job publishes as its user, re-checked at run time; an API credential has no user.
  if (principal.via !== "portal") throw new AppError("FORBIDDEN", "Only a signed-in user can schedule a publish");
  const now = Date.now();
  if (Number.isNaN(runAt.getTime()) || runAt.getTime() <= now)
    throw new AppError("BAD_REQUEST", "runAt must be in the future", [{ path: "runAt", message: "Pick a time in the future" }]);
  if (runAt.getTime() > now + MAX_SCHEDULE_AHEAD_MS) {
    throw new AppError("BAD_REQUEST", "runAt must be within a year", [{ path: "runAt", message: "Pick a time within a year" }]);
  }
  const account = await resolveActingAccount(db, principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const flow = await findCallFlow(tx, account, flowId, "any");
    // One change of a flow's draft at a time: two schedules cannot both find none pending.
    if (!(await lockFlowRow(tx, account.id, flow.id, "FOR NO KEY UPDATE"))) throw notFound("Call flow");
    const draft = await tx.callFlowDraft.findUnique({ where: { flowId: flow.id }, select: { baseVersion: true } });
    if (!draft) throw new AppError("CONFLICT", "The call flow has no draft to publish");
    if (draft.baseVersion !== flow.version) {
      throw new AppError(
        "STALE_VERSION",
        "The live call flow changed since this draft was started: compare them before scheduling a publish",
      );
    }
    const pending = await tx.scheduledPublish.findFirst({ where: { flowId: flow.id, status: "pending" } });
    if (pending)
      throw new AppError("CONFLICT", `A publish is already scheduled for ${pending.runAt.toISOString()}: cancel it first`);
    const row = await tx.scheduledPublish.create({
      data: {
        flowId: flow.id,
        accountId: account.id,
        runAt,
        createdByUserId: principal.userId,
        createdBySessionVersion: principal.sessionVersion,
        createdByLabel: actorLabel(principal),
      },
    });
    const jobId = await enqueue(scheduledPublishJob, { scheduledPublishId: row.id }, { tx, startAfter: runAt });
    const scheduled = await tx.scheduledPublish.update({ where: { id: row.id }, data: { jobId } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "callflow.publish_schedule",
      entityType: "callflow",
      entityId: flow.id,
      after: { scheduledPublishId: row.id, runAt: runAt.toISOString() },
    });
    return scheduled;
  });
}

export async function cancelScheduledPublish(
  ctx: RequestContext,
  { accountId, flowId, id }: { accountId: string; flowId: string; id: string },
): Promise<ScheduledPublish> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const flow = await findCallFlow(tx, account, flowId, "any");
    const row = isUuid(id)
      ? await tx.scheduledPublish.findFirst({ where: { id, flowId: flow.id, accountId: account.id } })
      : null;
    if (!row) throw notFound("Scheduled publish");
    // The status check and the change are one statement: a job that has just started wins.
    const { count } = await tx.scheduledPublish.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 0) throw new AppError("CONFLICT", `The scheduled publish is already ${row.status}`);
    if (row.jobId) await cancelJob(scheduledPublishJob, row.jobId, { tx });
    const cancelled = await tx.scheduledPublish.findUniqueOrThrow({ where: { id: row.id } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "callflow.publish_unschedule",
      entityType: "callflow",
      entityId: flow.id,
      before: { scheduledPublishId: row.id, runAt: row.runAt.toISOString() },
    });
    return cancelled;
  });
}

async function recordFailure(id: string, failure: string): Promise<void> {
  await db.scheduledPublish.updateMany({
    where: { id, status: "pending" },
    data: { status: "failed", failure, finishedAt: new Date() },
  });
}

/** Fails a pending publish that must not run as its user any more, audited as that user's with the reason. */
async function refuseToRun(row: ScheduledPublish, ctx: RequestContext, reason: string): Promise<void> {
  logger.info({ scheduledPublishId: row.id, reason }, "Scheduled publish refused");
  await accountWriteTransaction(row.accountId, async (tx) => {
    const { count } = await tx.scheduledPublish.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "failed", failure: reason, finishedAt: new Date() },
    });
    if (count === 0) return; // cancelled meanwhile
    await recordChange(tx, ctx, {
      accountId: row.accountId,
      action: "callflow.publish_schedule_fail",
      entityType: "callflow",
      entityId: row.flowId,
      after: { scheduledPublishId: row.id, reason },
    });
  });
}

/**
 * The job: publishes the draft as it is now, as the user who scheduled it (who must still be
 * enabled and reach the account). A publish that cannot happen (errors in the draft, live
 * changed meanwhile, the draft discarded) is recorded on the row, shown in the editor, and not
 * retried; anything else throws, for the queue to retry.
 *
 * ─── THE SCHEDULING SESSION MUST STILL BE VALID ─── A publish runs only while the session that
 * scheduled it would still be let in: the same session version (no "sign out everywhere",
 * password or two-factor change or reset since) and no two-factor set-up owed. So a publish
 * planted from a hijacked session dies with the session.
 */
export async function runScheduledPublish(id: string): Promise<void> {
  const row = await db.scheduledPublish.findUnique({ where: { id } });
  if (row?.status !== "pending") return;
  const actor = await loadActor(row.createdByUserId);
  if (!actor) return recordFailure(id, `${row.createdByLabel} can no longer sign in, so the draft was not published`);
  const ctx: RequestContext = { principal: actor, ip: "", userAgent: "scheduled publish" };
  if (actor.sessionVersion !== row.createdBySessionVersion) {
    return refuseToRun(
      row,
      ctx,
      `The session that scheduled this publish has ended (signed out everywhere, or password or two-factor sign-in changed), so the draft was not published`,
    );
  }
  if (actor.mustEnrolTwoFactor) {
    return refuseToRun(
      row,
      ctx,
      `${row.createdByLabel} must set up two-factor sign-in before anything else, so the draft was not published`,
    );
  }
  try {
    await accountWriteTransaction(row.accountId, async (tx) => {
      const account = await resolveActingAccount(tx, actor, row.accountId);
      const { count } = await tx.scheduledPublish.updateMany({
        where: { id, status: "pending" },
        data: { status: "published", finishedAt: new Date() },
      });
      if (count === 0) return; // cancelled meanwhile
      await publishDraftIn(tx, ctx, account, row.flowId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return recordFailure(id, "The draft's extension is taken by something else on the account");
    if (!(error instanceof AppError)) throw error;
    const details =
      error.issues.length > 0 ? `: ${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}` : "";
    logger.info({ scheduledPublishId: id, reason: error.message }, "Scheduled publish failed");
    await recordFailure(id, `${error.message}${details}`);
  }
}
