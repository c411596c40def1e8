import { loadActor, loadApiActor, type Principal, type RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, asAppError, isUniqueViolation, notFound } from "@/server/errors";
import type { ImportRun } from "@/server/generated/prisma/client";
import { defineJob, enqueue } from "@/server/jobs/queue";
import { logger } from "@/server/observability/logger";
import { actorLabel, recordChanges } from "../audit/record";
import { mailInvitation } from "../users/users";
import { type CsvRecord, csvRecords } from "./csv";
import { linkBaseForPath } from "../branding/custom-domains";
import { createCustomersInBulk, DECIDE, type Decision, type ImportOwner, type RunContext, runContext } from "./rows";
import { type FailedRow, IMPORT_COLUMNS, type ImportCounts, type ImportKind, type ImportMode } from "./schemas";

// ─── BULK IMPORTS ─── A dry run reads the CSV as it arrives, decides every row (a batch of rows
// at a time, with a few reads each) and answers the counts and each failed row's problems,
// writing nothing. A real run stores the rows with the run as they arrive, then one durable job
// (pg-boss) applies them a batch at a time: each batch in one transaction, each row under a
// savepoint of its own, so a row that fails writes nothing and the others go on. The run's page
// reads its progress from the rows' statuses; nothing depends on the browser.

/** Rows decided and applied together: one transaction a batch. */
export const IMPORT_BATCH_ROWS = 250;

export type ImportRunStatus = "queued" | "running" | "done" | "failed";

export type ImportRunView = ImportCounts & {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportRunStatus;
  /** Rows not applied yet. */
  pending: number;
  failure: string | null;
  createdByLabel: string;
  createdAt: Date;
  finishedAt: Date | null;
};

export const importJob = defineJob<{ runId: string }>({
  queue: "bulk-import",
  // A row's failure is recorded, never retried; the job is retried only when it could not
  // record (the database away) or its process stopped mid-run, and goes on with the rows pending.
  policy: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 30 * 60 },
  work: { pollingIntervalSeconds: 0.5 },
  concurrency: 2,
  run: ({ runId }) => runImport(runId),
});

/** Only staff import: customers have no customers, numbers or users of others to import. */
function importOwner(principal: Principal): ImportOwner {
  if (principal.accountKind === "customer") throw new AppError("FORBIDDEN", "Only resellers and admins import");
  return { id: principal.accountId, path: principal.accountPath, kind: principal.accountKind };
}

async function* batchesOf(records: AsyncIterable<CsvRecord>): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  for await (const record of records) {
    batch.push(record);
    if (batch.length === IMPORT_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function emptyCounts(): ImportCounts {
  return { rows: 0, created: 0, updated: 0, unchanged: 0, failed: [] };
}

function tally(counts: ImportCounts, outcomes: readonly ({ row: number } & ({ outcome: string } | FailedRow))[]): void {
  for (const outcome of outcomes) {
    counts.rows += 1;
    if ("errors" in outcome) counts.failed.push({ row: outcome.row, errors: outcome.errors });
    else if (outcome.outcome === "created" || outcome.outcome === "updated" || outcome.outcome === "unchanged")
      counts[outcome.outcome] += 1;
  }
}

/** What the import would do, row by row, without writing anything. */
export async function dryRunImport(
  ctx: RequestContext,
  { kind, mode, body }: { kind: ImportKind; mode: ImportMode; body: ReadableStream<Uint8Array> },
): Promise<ImportCounts> {
  const owner = importOwner(ctx.principal);
  const run = runContext(ctx, owner, mode, await linkBaseForPath(owner.path));
  const counts = emptyCounts();
  for await (const batch of batchesOf(csvRecords(body, kind))) tally(counts, await DECIDE[kind](run, batch));
  counts.failed.sort((a, b) => a.row - b.row);
  return counts;
}

/**
 * Starts a real import: the run and its rows are stored as the CSV arrives (a batch at a time),
 * then its job is queued. A CSV that cannot be read leaves no run behind.
 */
export async function startImport(
  ctx: RequestContext,
  { kind, mode, body }: { kind: ImportKind; mode: ImportMode; body: ReadableStream<Uint8Array> },
): Promise<ImportRunView> {
  const owner = importOwner(ctx.principal);
  const { principal } = ctx;
  const run = await db.importRun.create({
    data: {
      ownerAccountId: owner.id,
      kind,
      mode,
      createdByUserId: principal.via === "portal" ? principal.userId : null,
      createdBySessionVersion: principal.via === "portal" ? principal.sessionVersion : null,
      createdByApiCredentialId: principal.via === "api" ? principal.apiCredentialId : null,
      createdByLabel: actorLabel(principal),
      ip: ctx.ip,
      userAgent: ctx.userAgent.slice(0, 500),
    },
  });
  try {
    let rows = 0;
    for await (const batch of batchesOf(csvRecords(body, kind))) {
      // One raw statement a batch: Prisma's createMany compiles a query of every row's fields.
      await db.$executeRaw`
        INSERT INTO "ImportRow" ("runId", "row", "data")
        SELECT ${run.id}::uuid, x.row, x.values FROM json_to_recordset(${JSON.stringify(batch)}::json) AS x(row int, values json)`;
      rows += batch.length;
    }
    await accountWriteTransaction(owner.id, async (tx) => {
      const jobId = await enqueue(importJob, { runId: run.id }, { tx });
      await tx.importRun.update({ where: { id: run.id }, data: { jobId, rows } });
    });
  } catch (error) {
    await db.importRun.delete({ where: { id: run.id } });
    throw error;
  }
  return getImport(ctx, { id: run.id });
}

// ─── TENANT ISOLATION ─── a run is seen only by the account whose staff started it.
function importRunWhere(principal: Principal, id: string) {
  return { id, ownerAccountId: principal.accountId };
}

/** A run with its counts so far and every failed row's problems. */
export async function getImport({ principal }: RequestContext, { id }: { id: string }): Promise<ImportRunView> {
  const run = isUuid(id) ? await db.importRun.findFirst({ where: importRunWhere(principal, id) }) : null;
  if (!run) throw notFound("Import");
  const [statuses, failedRows] = await Promise.all([
    db.importRow.groupBy({ by: ["status"], where: { runId: run.id }, _count: { _all: true } }),
    db.importRow.findMany({
      where: { runId: run.id, status: "failed" },
      orderBy: { row: "asc" },
      select: { row: true, errors: true },
    }),
  ]);
  const count = (status: string) => statuses.find((entry) => entry.status === status)?._count._all ?? 0;
  return {
    id: run.id,
    kind: run.kind as ImportKind,
    mode: run.mode as ImportMode,
    status: run.status as ImportRunStatus,
    rows: run.rows,
    created: count("created"),
    updated: count("updated"),
    unchanged: count("unchanged"),
    pending: count("pending"),
    failed: failedRows.map((row) => ({ row: row.row, errors: row.errors as FailedRow["errors"] })),
    failure: run.failure,
    createdByLabel: run.createdByLabel,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}

/** The latest runs of the principal's account, newest first. */
export async function recentImports({ principal }: RequestContext): Promise<ImportRun[]> {
  return db.importRun.findMany({
    where: { ownerAccountId: principal.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
  });
}

/** Whoever started the run, as they are now, or why they may no longer act. */
async function starterOf(run: ImportRun): Promise<Principal | string> {
  if (run.createdByApiCredentialId !== null) {
    return (await loadApiActor(run.createdByApiCredentialId)) ?? `The API user ${run.createdByLabel} was revoked`;
  }
  const actor = run.createdByUserId === null ? null : await loadActor(run.createdByUserId);
  if (!actor || actor.sessionVersion !== run.createdBySessionVersion) {
    return `${run.createdByLabel} can no longer act (signed out everywhere, disabled, or password changed)`;
  }
  return actor;
}

/** Why a row's write failed, at the kind's key column unless the error names its own. */
function rowFailure(kind: ImportKind, error: unknown): FailedRow["errors"] {
  const column = IMPORT_COLUMNS[kind][0];
  if (isUniqueViolation(error)) return [{ column, message: "It exists already (created meanwhile)" }];
  const known = asAppError(error);
  if (!known) {
    logger.error({ err: error }, "An import row failed");
    return [{ column: "", message: "The row could not be written" }];
  }
  return [{ column, message: known.message }];
}

type Applied = { row: number; status: string; errors: FailedRow["errors"] | null };

/**
 * One batch in one transaction: every row's writes, their audit events (recordChanges) and each
 * row's outcome. First all at once; if any row fails, the transaction is rolled back and the
 * batch is done again with each row under a savepoint of its own, so the failing row writes
 * nothing and the others go on.
 */
async function applyBatch(run: ImportRun, context: RunContext, decisions: Decision[]): Promise<void> {
  try {
    await writeBatch(run, context, decisions, false);
  } catch {
    await writeBatch(run, context, decisions, true);
  }
}

async function writeBatch(run: ImportRun, context: RunContext, decisions: Decision[], rowByRow: boolean): Promise<void> {
  const kind = run.kind as ImportKind;
  await accountWriteTransaction(run.ownerAccountId, async (tx) => {
    context.audit = [];
    context.reserved = new Map();
    context.links = [];
    const applied: Applied[] = [];
    // All at once, new customers without an owner go in one insert.
    const bulk = rowByRow
      ? []
      : decisions.flatMap((decision) => ("bulkCustomer" in decision && decision.bulkCustomer ? [decision] : []));
    if (bulk.length > 0)
      await createCustomersInBulk(
        tx,
        context,
        bulk.map((decision) => decision.bulkCustomer!),
      );
    const inBulk = new Set(bulk.map((decision) => decision.row));
    for (const decision of decisions) {
      if (inBulk.has(decision.row)) {
        applied.push({ row: decision.row, status: "created", errors: null });
        continue;
      }
      // Rows that write nothing: failed when decided, or unchanged.
      if (decision.outcome === "failed" || decision.outcome === "unchanged") {
        applied.push({ row: decision.row, status: decision.outcome, errors: "errors" in decision ? decision.errors : null });
        continue;
      }
      if (!rowByRow) {
        await decision.write(tx, context);
        applied.push({ row: decision.row, status: decision.outcome, errors: null });
        continue;
      }
      // What a failing row must leave as it found it: its audit changes and its places under limits.
      const before = { audit: context.audit.length, links: context.links.length };
      const places = new Map([...context.reserved].map(([key, reservation]) => [key, reservation.snapshot()]));
      await tx.$executeRawUnsafe("SAVEPOINT import_row");
      try {
        await decision.write(tx, context);
        await tx.$executeRawUnsafe("RELEASE SAVEPOINT import_row");
        applied.push({ row: decision.row, status: decision.outcome, errors: null });
      } catch (error) {
        await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT import_row");
        context.audit.length = before.audit;
        context.links.length = before.links;
        for (const [key, left] of places) context.reserved.get(key)?.restore(left);
        for (const key of context.reserved.keys()) if (!places.has(key)) context.reserved.delete(key);
        applied.push({ row: decision.row, status: "failed", errors: rowFailure(kind, error) });
      }
    }
    await recordChanges(tx, context.ctx, context.audit);
    await tx.$executeRaw`
      UPDATE "ImportRow" r SET status = v.status, errors = v.errors
      FROM json_to_recordset(${JSON.stringify(applied)}::json) AS v(row int, status text, errors json)
      WHERE r."runId" = ${run.id}::uuid AND r.row = v.row`;
  });
}

/**
 * The job: applies the rows still pending, a batch at a time, as the person (or API user) who
 * started it. Safe to run again after a stop: rows already applied are no longer pending.
 */
export async function runImport(runId: string): Promise<void> {
  const run = await db.importRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "done" || run.status === "failed") return;
  await db.importRun.update({ where: { id: run.id }, data: { status: "running", startedAt: run.startedAt ?? new Date() } });
  const owner = await db.account.findUniqueOrThrow({ where: { id: run.ownerAccountId } });
  let context = null as RunContext | null;
  for (;;) {
    // Re-read for each batch: a starter disabled or signed out everywhere mid-run stops the rest.
    const starter = await starterOf(run);
    if (typeof starter === "string") {
      await db.importRun.update({ where: { id: run.id }, data: { status: "failed", failure: starter, finishedAt: new Date() } });
      return;
    }
    const pending = await db.importRow.findMany({
      where: { runId: run.id, status: "pending" },
      orderBy: { row: "asc" },
      take: IMPORT_BATCH_ROWS,
    });
    if (pending.length === 0) break;
    const ctx = { principal: starter, ip: run.ip, userAgent: run.userAgent };
    // One context for the whole run, so a key repeated in a later batch is still found.
    context = context
      ? { ...context, ctx, links: [] }
      : runContext(
          ctx,
          { id: owner.id, path: owner.path, kind: owner.kind },
          run.mode as ImportMode,
          await linkBaseForPath(owner.path),
        );
    const records = pending.map((row) => ({ row: row.row, values: row.data as Record<string, string> }));
    await applyBatch(run, context, await DECIDE[run.kind as ImportKind](context, records));
    for (const link of context.links) await mailInvitation(link, actorLabel(starter), link.accountName, link.link, owner.path);
  }
  await db.importRun.update({ where: { id: run.id }, data: { status: "done", finishedAt: new Date() } });
}
