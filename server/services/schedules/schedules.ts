import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import {
  comingHolidays,
  type Holiday,
  isHolidayRegion,
  parseInstant,
  type ScheduleState,
  scheduleStateAt,
  type TScheduleDocument,
  ZScheduleDocument,
} from "@/server/domain/schedule";
import { AppError, type FieldIssue, fieldError, invalidInput, notFound, zodFieldIssues } from "@/server/errors";
import type { Prisma, Schedule } from "@/server/generated/prisma/client";
import { type AccountObjectRef, type ActingAccount, type InAccount, resolveActingAccount } from "../acting-account";
import { recordChange } from "../audit/record";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { reserveWithinPlan } from "../plans/limits";
import { lockRow } from "../call-flows/references";
import { checkIfMatch } from "../preconditions";
import { documentOf, rulesOf } from "./document";
import type { TScheduleOverride } from "./schemas";

export type StoredSchedule = Schedule;

// ─── TENANT ISOLATION ─── every read or write of a schedule matches it through here. ───
function scheduleWhere(account: ActingAccount, id: string) {
  return { id, accountId: account.id };
}

export async function findSchedule(tx: Pick<Tx, "schedule">, account: ActingAccount, id: string): Promise<StoredSchedule> {
  const schedule = isUuid(id) ? await tx.schedule.findFirst({ where: scheduleWhere(account, id) }) : null;
  if (!schedule) throw notFound("Schedule");
  return schedule;
}

function snapshot(schedule: StoredSchedule) {
  return { ...documentOf(schedule), version: schedule.version };
}

/**
 * A schedule document checked whole: its shape and rules, then what needs the holiday calendar
 * and the clock. Every problem is reported at once, with its field, and nothing is written.
 */
function validScheduleDocument(document: unknown, now = new Date()): TScheduleDocument {
  const parsed = ZScheduleDocument.safeParse(document);
  const issues: FieldIssue[] = parsed.success ? [] : zodFieldIssues(parsed.error.issues, "schedule");
  if (parsed.success) {
    const { holidays, overrideUntil } = parsed.data;
    if (holidays !== null && !isHolidayRegion(holidays)) {
      issues.push({
        path: "holidays",
        message: `"${holidays}" is not a holiday region; use a code such as "GB-ENG", "US-CA" or "DE-BY"`,
      });
    }
    if (overrideUntil !== null && Date.parse(overrideUntil) <= now.getTime()) {
      issues.push({ path: "overrideUntil", message: "The override's end must be in the future" });
    }
  }
  if (issues.length > 0) throw invalidInput("schedule", issues);
  return parsed.data!;
}

function columnsOf(document: TScheduleDocument) {
  return {
    name: document.name,
    timezone: document.timezone,
    hours: document.hours as Prisma.InputJsonValue,
    closures: document.closures as Prisma.InputJsonValue,
    holidays: document.holidays,
    override: document.override,
    overrideUntil: document.overrideUntil === null ? null : new Date(document.overrideUntil),
  };
}

function staleVersion(version: number): AppError {
  return new AppError("STALE_VERSION", `The schedule was changed by someone else since version ${version}`);
}

export type ListedSchedule = StoredSchedule & { phoneNumbers: { id: string; number: string }[] };

/** The account's schedules, each with the phone numbers that route by it. */
export async function listSchedules(ctx: RequestContext, { accountId }: InAccount): Promise<ListedSchedule[]> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return db.schedule.findMany({
    where: { accountId: account.id },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    include: { phoneNumbers: { select: { id: true, number: true }, orderBy: { number: "asc" } } },
  });
}

/** The coming days off of a holiday region, for the picker. */
export function upcomingHolidays(region: string, from = new Date().toISOString().slice(0, 10)): Holiday[] {
  if (!isHolidayRegion(region)) throw fieldError("region", `"${region}" is not a holiday region`);
  return comingHolidays(region, from, 8);
}

export async function getSchedule(ctx: RequestContext, { accountId, id }: AccountObjectRef): Promise<StoredSchedule> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return findSchedule(db, account, id);
}

export async function createSchedule(
  ctx: RequestContext,
  { accountId, document }: InAccount & { document: unknown },
): Promise<StoredSchedule> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const input = validScheduleDocument(document);
  return accountWriteTransaction(account.id, async (tx) => {
    await reserveWithinPlan(tx, account.id, "schedules");
    const created = await tx.schedule.create({ data: { accountId: account.id, ...columnsOf(input) } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "schedule.create",
      entityType: "schedule",
      entityId: created.id,
      after: snapshot(created),
    });
    return created;
  });
}

/**
 * One write of a schedule's columns, refused when it is no longer at `expectedVersion`, or when
 * `ifMatch` (an HTTP If-Match header) does not name its ETag as this write reads it.
 */
async function rewrite(
  ctx: RequestContext,
  accountId: string,
  id: string,
  action: "schedule.update" | "schedule.override",
  columns: (current: StoredSchedule) => Prisma.ScheduleUpdateManyMutationInput,
  preconditions: { expectedVersion?: number; ifMatch?: string } = {},
): Promise<StoredSchedule> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const current = await findSchedule(tx, account, id);
    checkIfMatch(preconditions.ifMatch, current, "schedule");
    const version = preconditions.expectedVersion ?? current.version;
    const { count } = await tx.schedule.updateMany({
      where: { ...scheduleWhere(account, current.id), version },
      data: { ...columns(current), version: { increment: 1 } },
    });
    if (count === 0) throw staleVersion(version);
    const updated = await tx.schedule.findUniqueOrThrow({ where: { id: current.id } });
    await recordChange(
      tx,
      ctx,
      {
        accountId: account.id,
        action,
        entityType: "schedule",
        entityId: current.id,
        before: snapshot(current),
        after: snapshot(updated),
      },
      updated,
    );
    return updated;
  });
}

/** Replaces a schedule whole; with `version` (or `ifMatch`), a save by someone else since is refused. */
export async function updateSchedule(
  ctx: RequestContext,
  { accountId, id, document, version, ifMatch }: AccountObjectRef & { document: unknown; version?: number; ifMatch?: string },
) {
  const input = validScheduleDocument(document);
  return rewrite(ctx, accountId, id, "schedule.update", () => columnsOf(input), { expectedVersion: version, ifMatch });
}

/** The manual switch: open or closed by hand, optionally until a time, or back to automatic. */
export async function setScheduleOverride(
  ctx: RequestContext,
  { accountId, id, ...change }: AccountObjectRef & TScheduleOverride,
) {
  if (change.overrideUntil !== null && Date.parse(change.overrideUntil) <= Date.now()) {
    throw fieldError("overrideUntil", "The override's end must be in the future");
  }
  return rewrite(ctx, accountId, id, "schedule.override", () => ({
    override: change.override,
    overrideUntil: change.overrideUntil === null ? null : new Date(change.overrideUntil),
  }));
}

/** Deletes a schedule unless a phone number routes by it (the foreign key refuses it too); `version` and `ifMatch` as for updateSchedule. */
export async function deleteSchedule(
  ctx: RequestContext,
  { accountId, id, version, ifMatch }: AccountObjectRef & { version?: number; ifMatch?: string },
): Promise<StoredSchedule> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    // Held until commit: a number being routed by the schedule now is committed first and read
    // below, and one routed later waits and then finds the schedule gone (call-flows/references.ts).
    if (!isUuid(id) || !(await lockRow(tx, "Schedule", account.id, id, "FOR UPDATE"))) throw notFound("Schedule");
    const current = await findSchedule(tx, account, id);
    checkIfMatch(ifMatch, current, "schedule");
    if (version !== undefined && version !== current.version) throw staleVersion(version);
    const numbers = await tx.phoneNumber.findMany({
      where: { scheduleId: current.id },
      select: { number: true },
      orderBy: { number: "asc" },
    });
    if (numbers.length > 0) {
      const several = numbers.length > 1;
      throw new AppError(
        "CONFLICT",
        `The schedule routes phone number${several ? "s" : ""} ${numbers.map((n) => n.number).join(", ")}; route ${several ? "them" : "it"} otherwise first`,
      );
    }
    await tx.schedule.delete({ where: { id: current.id } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "schedule.delete",
      entityType: "schedule",
      entityId: current.id,
      before: snapshot(current),
    });
    return current;
  });
}

/** "When", for a schedule: ISO 8601, a wall time of its zone, or now when not given. */
export function instantOf(at: string | undefined, timezone: string): Date {
  if (at === undefined) return new Date();
  const instant = parseInstant(at, timezone);
  if (!instant) throw fieldError("at", 'Use an ISO 8601 date and time, e.g. "2026-12-24T18:00:00Z"');
  return instant;
}

export async function scheduleState(
  ctx: RequestContext,
  { accountId, id, at }: AccountObjectRef & { at?: string },
): Promise<{ schedule: StoredSchedule; state: ScheduleState }> {
  const schedule = await getSchedule(ctx, { accountId, id });
  return { schedule, state: scheduleStateAt(rulesOf(schedule), instantOf(at, schedule.timezone)) };
}
