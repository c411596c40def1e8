import { loadActor, loadApiActor, type Principal, type RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import type { FlowIssue } from "@/server/domain/call-flow";
import type { TTemplatePlaceholders } from "@/server/domain/templates";
import { AppError, notFound } from "@/server/errors";
import type { Prisma, TemplateApplyRun, TemplateApplyTarget } from "@/server/generated/prisma/client";
import { defineJob, enqueue } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { type ActingAccount, resolveCustomersBelow } from "../acting-account";
import { actorLabel, recordChange } from "../audit/record";
import {
  type ApplySource,
  type ApplyTarget,
  failureIssues,
  notFoundIssues,
  prepareCustomerFlow,
  refText,
  resolveCustomers,
} from "./apply";
import { requireLibrary } from "./templates";
import { flowCreatorFor } from "./publishing";
import type { TApplySource } from "./schemas";
import { sourceOf } from "./sources";

// Applying a template to customers is one durable job (pg-boss, in PostgreSQL): starting a run
// writes the run, its customers and the job in one transaction, and the job works the customers
// one by one, each in its own transaction, recording each outcome on the run as it goes. Nothing
// waits for a browser: closing the tab stops nothing, and the run's page reads its progress.

export type ApplyRunStatus = "queued" | "running" | "finished";
export type ApplyTargetStatus = "pending" | "done" | "failed";

export type ApplyRunCustomer = {
  customerId: string | null;
  customer: string;
  status: ApplyTargetStatus;
  flow: { id: string; name: string; extension: number } | null;
  errors: FlowIssue[];
};

export type ApplyRunSummary = {
  id: string;
  templateId: string | null;
  templateVersion: number | null;
  /** The flow copied, for a copy. */
  copiedFrom: { accountId: string; flowId: string } | null;
  sourceName: string;
  flowName: string;
  publish: boolean;
  status: ApplyRunStatus;
  createdByLabel: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  counts: Record<ApplyTargetStatus, number> & { total: number };
};

export type ApplyRunView = ApplyRunSummary & { customers: ApplyRunCustomer[] };

/** How many runs of one template (or flow) the portal lists. */
const RECENT_RUNS = 10;
/** How often a client waiting for a run looks at it. */
const WAIT_POLL_MS = 250;

export const templateApplyJob = defineJob<{ runId: string }>({
  queue: "template-apply",
  // A failure of one customer is recorded and never retried; the job is retried only when it
  // could not record (the database away) or its process stopped mid-run (it expires), and then
  // goes on with the customers still pending.
  policy: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 10 * 60 },
  work: { pollingIntervalSeconds: 0.5 },
  // Runs of several resellers go on side by side: a long one holds up only its own place.
  concurrency: 2,
  run: ({ runId }) => runTemplateApply(runId),
});

// ─── TENANT ISOLATION ─── A run belongs to the account whose staff started it (a reseller's, or
// the platform's for admins), like the library it applies from: every read matches it through
// `applyRunWhere`, so another account's run is "not found" like a missing one.

function applyRunWhere(principal: Principal, id: string) {
  return { id, ownerAccountId: principal.accountId };
}

/** Who started the run, as the columns that let the job act as them later. */
function startedBy(ctx: RequestContext) {
  const { principal } = ctx;
  return {
    createdByUserId: principal.via === "portal" ? principal.userId : null,
    createdBySessionVersion: principal.via === "portal" ? principal.sessionVersion : null,
    createdByApiCredentialId: principal.via === "api" ? principal.apiCredentialId : null,
    createdByLabel: actorLabel(principal),
    ip: ctx.ip,
    userAgent: ctx.userAgent.slice(0, 500),
  };
}

/**
 * Starts applying `source` to the customers: the run and one job, written together, so the run
 * exists if and only if its job does. Customers not found below the principal are recorded as
 * failed at once; the others wait for the job. The new flows' name and the publish choice are
 * the run's, given once.
 */
export async function startApplyRun(
  ctx: RequestContext,
  {
    source: sourceRef,
    targets,
    flowName,
    publish,
  }: { source: TApplySource; targets: readonly ApplyTarget[]; flowName?: string; publish: boolean },
): Promise<ApplyRunView> {
  const source = await sourceOf(ctx, sourceRef);
  const customers = await resolveCustomers(
    ctx,
    targets.map((target) => target.customer),
  );
  const now = new Date();
  const runId = await accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    const run = await tx.templateApplyRun.create({
      data: {
        ownerAccountId: ctx.principal.accountId,
        templateId: source.templateId,
        templateVersion: source.version,
        sourceFlowId: sourceRef.kind === "flow" ? sourceRef.flowId : null,
        sourceName: source.name,
        flow: source.flow as Prisma.InputJsonValue,
        placeholders: source.placeholders as Prisma.InputJsonValue,
        origin: source.origin as Prisma.InputJsonValue,
        flowName: flowName ?? source.name,
        publish,
        ...startedBy(ctx),
        targets: {
          createMany: {
            data: targets.map((target, position) => {
              const customer = customers.get(target.customer);
              return {
                position,
                customerId: customer?.id ?? null,
                customer: customer?.name ?? refText(target.customer),
                bindings: target.bindings,
                extension: target.extension ?? null,
                ...(customer ? {} : { status: "failed", errors: issuesJson(notFoundIssues(target.customer)), finishedAt: now }),
              };
            }),
          },
        },
      },
      select: { id: true },
    });
    const jobId = await enqueue(templateApplyJob, { runId: run.id }, { tx });
    await tx.templateApplyRun.update({ where: { id: run.id }, data: { jobId } });
    return run.id;
  });
  return getApplyRun(ctx, { id: runId });
}

/** One run with every customer's outcome so far. */
export async function getApplyRun(ctx: RequestContext, { id }: { id: string }): Promise<ApplyRunView> {
  const { principal } = ctx;
  requireLibrary(principal);
  const run = isUuid(id)
    ? await db.templateApplyRun.findFirst({
        where: applyRunWhere(principal, id),
        include: { targets: { orderBy: { position: "asc" } } },
      })
    : null;
  if (!run) throw notFound("Apply run");
  const customers = run.targets.map((target) => customerOf(run, target));
  return { ...summaryOf(run, countsOf(customers.map(({ status }) => ({ status, count: 1 })))), customers };
}

/** The latest runs of a template, or of copies of a flow, newest first, with their counts. */
export async function recentApplyRuns(ctx: RequestContext, { source }: { source: TApplySource }): Promise<ApplyRunSummary[]> {
  const { principal } = ctx;
  requireLibrary(principal);
  const id = source.kind === "template" ? source.id : source.flowId;
  if (!isUuid(id)) return [];
  const runs = await db.templateApplyRun.findMany({
    where: { ownerAccountId: principal.accountId, ...(source.kind === "template" ? { templateId: id } : { sourceFlowId: id }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RECENT_RUNS,
  });
  const counts = await db.templateApplyTarget.groupBy({
    by: ["runId", "status"],
    where: { runId: { in: runs.map((run) => run.id) } },
    _count: { _all: true },
  });
  return runs.map((run) =>
    summaryOf(
      run,
      countsOf(counts.filter((row) => row.runId === run.id).map((row) => ({ status: row.status, count: row._count._all }))),
    ),
  );
}

function countsOf(rows: readonly { status: string; count: number }[]): ApplyRunSummary["counts"] {
  const counts = { total: 0, pending: 0, done: 0, failed: 0 };
  for (const { status, count } of rows) {
    counts[status as ApplyTargetStatus] += count;
    counts.total += count;
  }
  return counts;
}

function summaryOf(run: TemplateApplyRun, counts: ApplyRunSummary["counts"]): ApplyRunSummary {
  return {
    id: run.id,
    templateId: run.templateId,
    templateVersion: run.templateVersion,
    copiedFrom: (run.origin as { copiedFrom?: { accountId: string; flowId: string } }).copiedFrom ?? null,
    sourceName: run.sourceName,
    flowName: run.flowName,
    publish: run.publish,
    status: run.status as ApplyRunStatus,
    createdByLabel: run.createdByLabel,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    counts,
  };
}

function customerOf(run: TemplateApplyRun, target: TemplateApplyTarget): ApplyRunCustomer {
  const done = target.status === "done" && target.flowId !== null;
  return {
    customerId: target.customerId,
    customer: target.customer,
    status: target.status as ApplyTargetStatus,
    flow: done ? { id: target.flowId!, name: run.flowName, extension: target.flowExtension! } : null,
    errors: (target.errors as FlowIssue[] | null) ?? [],
  };
}

/**
 * Waits until the run has finished or `timeoutMs` has passed, and answers it as it is then (for
 * a client that asked to wait, such as the REST API's apply).
 */
export async function awaitApplyRun(
  ctx: RequestContext,
  { id, timeoutMs }: { id: string; timeoutMs: number },
): Promise<ApplyRunView> {
  const deadline = Date.now() + timeoutMs;
  while (isUuid(id) && Date.now() < deadline) {
    const run = await db.templateApplyRun.findFirst({ where: applyRunWhere(ctx.principal, id), select: { status: true } });
    if (run?.status !== "queued" && run?.status !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, deadline - Date.now())));
  }
  return getApplyRun(ctx, { id });
}

/** The run's source as it was when the run started. */
function sourceOfRun(run: TemplateApplyRun): ApplySource {
  return {
    templateId: run.templateId,
    version: run.templateVersion,
    name: run.sourceName,
    flow: run.flow,
    placeholders: run.placeholders as TTemplatePlaceholders,
    origin: run.origin as Record<string, unknown>,
  };
}

/**
 * The job: applies the run to each customer still pending, in order, as the person (or API user)
 * who started it. Safe to run again, and even twice at once: each customer is claimed inside its
 * own transaction, so one already done is skipped and none is applied twice.
 */
export async function runTemplateApply(runId: string): Promise<void> {
  const run = await db.templateApplyRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "finished") return;
  await db.templateApplyRun.update({
    where: { id: run.id },
    data: { status: "running", startedAt: run.startedAt ?? new Date() },
  });
  const source = sourceOfRun(run);
  const pending = await db.templateApplyTarget.findMany({
    where: { runId: run.id, status: "pending" },
    orderBy: { position: "asc" },
  });
  for (const target of pending) {
    // Re-read for each customer: a user disabled or signed out everywhere mid-run stops the rest.
    const starter = await principalOf(run);
    if (typeof starter === "string") {
      logger.info({ runId: run.id, reason: starter }, "Template apply run stopped");
      await failPending(run.id, starter);
      break;
    }
    await applyToTarget(run, source, { principal: starter, ip: run.ip, userAgent: run.userAgent }, target);
  }
  await db.templateApplyRun.update({ where: { id: run.id }, data: { status: "finished", finishedAt: new Date() } });
}

/**
 * Whoever started the run, as they are now, or why they may no longer act: the run goes on only
 * while the session (or API user) that started it would still be let in.
 */
async function principalOf(run: TemplateApplyRun): Promise<Principal | string> {
  const label = run.createdByLabel;
  if (run.createdByApiCredentialId !== null) {
    const apiActor = await loadApiActor(run.createdByApiCredentialId);
    return apiActor ?? `The API user ${label} was revoked, so nothing was created for this customer`;
  }
  const actor = run.createdByUserId === null ? null : await loadActor(run.createdByUserId);
  if (!actor) return `${label} can no longer sign in, so nothing was created for this customer`;
  if (actor.sessionVersion !== run.createdBySessionVersion) {
    return "The session that started this run has ended (signed out everywhere, or password or two-factor sign-in changed), so nothing was created for this customer";
  }
  if (actor.mustEnrolTwoFactor) return `${label} must set up two-factor sign-in first, so nothing was created for this customer`;
  return actor;
}

async function failPending(runId: string, reason: string): Promise<void> {
  await db.templateApplyTarget.updateMany({
    where: { runId, status: "pending" },
    data: { status: "failed", errors: issuesJson([{ path: "", message: reason }]), finishedAt: new Date() },
  });
}

function issuesJson(issues: readonly FlowIssue[]): Prisma.InputJsonValue {
  return issues.map(({ path, message }) => ({ path, message }));
}

async function recordFailure(target: TemplateApplyTarget, errors: FlowIssue[]): Promise<void> {
  await db.templateApplyTarget.updateMany({
    where: { runId: target.runId, position: target.position, status: "pending" },
    data: { status: "failed", errors: issuesJson(errors), finishedAt: new Date() },
  });
}

/**
 * One customer, in its own transaction: the flow, its revision, its audit event, (for a template)
 * a `template.apply` event and the customer's outcome on the run are written together, or
 * nothing is, so a failure leaves nothing of that customer and the others go on.
 */
async function applyToTarget(
  run: TemplateApplyRun,
  source: ApplySource,
  ctx: RequestContext,
  target: TemplateApplyTarget,
): Promise<void> {
  // ─── TENANT ISOLATION ─── the customer is found again below whoever started the run, as they are now.
  const [customer]: ActingAccount[] =
    target.customerId === null ? [] : await resolveCustomersBelow(db, ctx.principal, { ids: [target.customerId], names: [] });
  if (!customer) return recordFailure(target, notFoundIssues({ name: target.customer }));
  const bindings = target.bindings as Record<string, string>;
  let extension = NaN;
  try {
    await accountWriteTransaction(customer.id, async (tx) => {
      // Claimed first: a second attempt at this customer waits here, then finds it taken.
      const key = { runId: target.runId, position: target.position };
      const claimed = await tx.templateApplyTarget.updateMany({
        where: { ...key, status: "pending" },
        data: { status: "done", finishedAt: new Date() },
      });
      if (claimed.count === 0) return;
      const prepared = await prepareCustomerFlow(
        tx,
        customer,
        source,
        { customer: { id: customer.id }, bindings, extension: target.extension ?? undefined },
        run.flowName,
      );
      if (!prepared.document) throw new AppError("BAD_REQUEST", prepared.errors[0]!.message, prepared.errors);
      extension = prepared.document.extension;
      const flow = await flowCreatorFor(run.publish)(tx, ctx, customer, prepared.document, source.origin);
      await tx.templateApplyTarget.update({
        where: { runId_position: key },
        data: { flowId: flow.id, flowExtension: flow.extension },
      });
      if (source.templateId === null) return;
      await recordChange(tx, ctx, {
        accountId: customer.id,
        action: "template.apply",
        entityType: "template",
        entityId: source.templateId,
        after: {
          template: { id: source.templateId, name: source.name, version: source.version },
          run: run.id,
          customers: [customer.name],
          results: [{ customer: customer.name, ok: true, flow: flow.id }],
          bindings: Object.fromEntries(prepared.bindings.map((binding) => [binding.placeholder, binding.resource?.id ?? null])),
          publish: run.publish,
        },
      });
    });
  } catch (error) {
    await recordFailure(target, await failureIssues(error, customer, extension));
  }
}
