import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { type ScheduleState, scheduleStateAt } from "@/server/domain/schedule";
import { AppError, type FieldIssue, notFound } from "@/server/errors";
import type { PhoneNumber } from "@/server/generated/prisma/client";
import { type ActingAccount, type InAccount, resolveActingAccount } from "../acting-account";
import { recordChange } from "../audit/record";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { lockRow } from "../call-flows/references";
import { resourceWhere } from "../resources/scope";
import { rulesOf } from "./document";
import { findSchedule, instantOf, type StoredSchedule } from "./schedules";
import type { TNumberRouting, TRouteNumberInput } from "./schemas";

// How a phone number routes: always to one flow, or by a schedule to its open flow and its
// closed flow. Routing is its own change (and audit action) beside the number's inventory.

async function findNumber(tx: Pick<Tx, "phoneNumber">, account: ActingAccount, id: string): Promise<PhoneNumber> {
  const number = isUuid(id) ? await tx.phoneNumber.findFirst({ where: resourceWhere(account, id) }) : null;
  if (!number) throw notFound("Phone number");
  return number;
}

/**
 * ─── TENANT ISOLATION ─── a number routes only by a schedule and to flows of its own account;
 * another account's uuid is refused exactly like one that never existed.
 */
async function routingProblems(tx: Tx, account: ActingAccount, routing: TNumberRouting): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  // Each row the number will route by is locked FOR KEY SHARE until commit, so neither the flow
  // nor the schedule is deleted before the number routes by it (call-flows/references.ts).
  const locked = (table: "CallFlow" | "Schedule", id: string) =>
    isUuid(id) && lockRow(tx, table, account.id, id, "FOR KEY SHARE");
  const flowProblem = async (id: string) => {
    const flow = (await locked("CallFlow", id))
      ? await tx.callFlow.findFirst({ where: { id, accountId: account.id }, select: { published: true } })
      : null;
    if (!flow) return "No call flow of this account has this uuid";
    // Callers never reach a draft: a flow that was never published cannot answer a number yet.
    return flow.published ? null : "This call flow is only a draft: publish it before routing a number to it";
  };
  const scheduleExists = async (id: string) => locked("Schedule", id);
  const openProblem = routing.callFlowId === null ? null : await flowProblem(routing.callFlowId);
  if (openProblem) issues.push({ path: "callFlowId", message: openProblem });
  if (routing.scheduleId !== null && !(await scheduleExists(routing.scheduleId))) {
    issues.push({ path: "scheduleId", message: "No schedule of this account has this uuid" });
  }
  if (routing.closedCallFlowId !== null) {
    if (routing.scheduleId === null) {
      issues.push({ path: "closedCallFlowId", message: "A closed flow needs a schedule that says when the number is closed" });
    } else {
      const closedProblem = await flowProblem(routing.closedCallFlowId);
      if (closedProblem) issues.push({ path: "closedCallFlowId", message: closedProblem });
    }
  }
  return issues;
}

/** A flow as routing shows it; pickers page through flows, so the list names the ones it routes to. */
const FLOW_SUMMARY = { select: { name: true, extension: true } } as const;
type FlowSummary = { name: string; extension: number };

/** The account's phone numbers with how each routes, naming the flows. */
export async function listNumberRouting(ctx: RequestContext, { accountId }: InAccount) {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return db.phoneNumber.findMany({
    where: { accountId: account.id },
    orderBy: { number: "asc" },
    include: { callFlow: FLOW_SUMMARY, closedCallFlow: FLOW_SUMMARY },
  });
}

export async function routePhoneNumber(ctx: RequestContext, input: TRouteNumberInput): Promise<PhoneNumber> {
  const account = await resolveActingAccount(db, ctx.principal, input.accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const before = await findNumber(tx, account, input.id);
    const routing = { callFlowId: input.callFlowId, scheduleId: input.scheduleId, closedCallFlowId: input.closedCallFlowId };
    const issues = await routingProblems(tx, account, routing);
    if (issues.length > 0) throw new AppError("BAD_REQUEST", issues.map((issue) => issue.message).join("; "), issues);
    const after = await tx.phoneNumber.update({ where: { id: before.id }, data: routing });
    await recordChange(
      tx,
      ctx,
      { accountId: account.id, action: "phonenumber.route", entityType: "phonenumber", entityId: before.id, before, after },
      after,
    );
    return after;
  });
}

/** Which flow answers a number at an instant, and why. */
type NumberRoute = {
  number: PhoneNumber;
  callFlowId: string | null;
  /** The flow that answers, named. */
  callFlow: FlowSummary | null;
  /** null when the number routes by no schedule. */
  open: boolean | null;
  reason: ScheduleState["reason"] | "no_schedule";
  schedule: StoredSchedule | null;
  state: ScheduleState | null;
  at: Date;
};

export async function routeOfNumber(
  ctx: RequestContext,
  { accountId, id, at }: InAccount & { id: string; at?: string },
): Promise<NumberRoute> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const number = await findNumber(db, account, id);
  const named = (flowId: string | null) =>
    flowId === null ? null : db.callFlow.findFirst({ where: { id: flowId, accountId: account.id }, ...FLOW_SUMMARY });
  if (number.scheduleId === null) {
    const callFlow = await named(number.callFlowId);
    return {
      number,
      callFlowId: number.callFlowId,
      callFlow,
      open: null,
      reason: "no_schedule",
      schedule: null,
      state: null,
      at: instantOf(at, "UTC"),
    };
  }
  const schedule = await findSchedule(db, account, number.scheduleId);
  const instant = instantOf(at, schedule.timezone);
  const state = scheduleStateAt(rulesOf(schedule), instant);
  const callFlowId = state.open ? number.callFlowId : number.closedCallFlowId;
  return {
    number,
    callFlowId,
    callFlow: await named(callFlowId),
    open: state.open,
    reason: state.reason,
    schedule,
    state,
    at: instant,
  };
}
