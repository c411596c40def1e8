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
import { instantOf, type StoredSchedule } from "./schedules";
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
  // A number routes to one flow (or none), or by a schedule to two: never by a schedule with a
  // branch left empty, which would leave callers unanswered half the week without anyone deciding so.
  const scheduled = routing.scheduleId !== null;
  if (routing.callFlowId === null) {
    if (scheduled) issues.push({ path: "callFlowId", message: "Choose the flow that answers while the schedule is open" });
  } else {
    const openProblem = await flowProblem(routing.callFlowId);
    if (openProblem) issues.push({ path: "callFlowId", message: openProblem });
  }
  if (routing.scheduleId !== null && !(await scheduleExists(routing.scheduleId))) {
    issues.push({ path: "scheduleId", message: "No schedule of this account has this uuid" });
  }
  if (routing.closedCallFlowId === null) {
    if (scheduled)
      issues.push({ path: "closedCallFlowId", message: "Choose the flow that answers while the schedule is closed" });
  } else if (!scheduled) {
    issues.push({ path: "closedCallFlowId", message: "A closed flow needs a schedule that says when the number is closed" });
  } else {
    const closedProblem = await flowProblem(routing.closedCallFlowId);
    if (closedProblem) issues.push({ path: "closedCallFlowId", message: closedProblem });
  }
  return issues;
}

/** A flow as routing shows it; pickers page through flows, so the list names the ones it routes to. */
const FLOW_SUMMARY = { select: { id: true, name: true, extension: true } } as const;
type FlowSummary = { id: string; name: string; extension: number };

type Routing = Pick<PhoneNumber, "callFlowId" | "scheduleId" | "closedCallFlowId">;

/** Which flow answers a number at an instant, and why. */
type NumberRoute = {
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

/** A number with its route named: its flows and schedule, and which flow answers at the instant. */
export type NamedRouting<Number extends Routing> = Number & {
  callFlow: FlowSummary | null;
  closedCallFlow: FlowSummary | null;
  schedule: StoredSchedule | null;
  answers: NumberRoute;
};

/**
 * The numbers (all of `account`) with their flows and schedules named, and which flow answers
 * each at `at` (now when left out; a wall time of each number's schedule's zone): the schedule's
 * state, override included, picks the open or the closed flow. Three queries for any number of
 * numbers: the schedules, the flows, nothing per number.
 */
export async function describeRouting<Number extends Routing>(
  client: Pick<Tx, "schedule" | "callFlow">,
  account: ActingAccount,
  numbers: Number[],
  at?: string,
): Promise<NamedRouting<Number>[]> {
  const scheduleIds = [...new Set(numbers.flatMap((number) => (number.scheduleId ? [number.scheduleId] : [])))];
  const flowIds = [
    ...new Set(numbers.flatMap((number) => [number.callFlowId, number.closedCallFlowId].filter((id) => id !== null))),
  ];
  // ─── TENANT ISOLATION ─── the numbers' own account: they came from it, and so must the rest.
  const [schedules, flows] = await Promise.all([
    scheduleIds.length === 0 ? [] : client.schedule.findMany({ where: { id: { in: scheduleIds }, accountId: account.id } }),
    flowIds.length === 0
      ? []
      : client.callFlow.findMany({ where: { id: { in: flowIds }, accountId: account.id }, ...FLOW_SUMMARY }),
  ]);
  const scheduleById = new Map(schedules.map((schedule) => [schedule.id, schedule]));
  const flowById = new Map(flows.map((flow) => [flow.id, flow]));
  const flowOf = (id: string | null) => (id === null ? null : (flowById.get(id) ?? null));
  return numbers.map((number) => {
    const schedule = number.scheduleId === null ? null : (scheduleById.get(number.scheduleId) ?? null);
    const instant = instantOf(at, schedule?.timezone ?? "UTC");
    const state = schedule && scheduleStateAt(rulesOf(schedule), instant);
    const answering = state === null || state.open ? number.callFlowId : number.closedCallFlowId;
    return {
      ...number,
      callFlow: flowOf(number.callFlowId),
      closedCallFlow: flowOf(number.closedCallFlowId),
      schedule,
      answers: {
        callFlowId: answering,
        callFlow: flowOf(answering),
        open: state?.open ?? null,
        reason: state?.reason ?? "no_schedule",
        schedule,
        state,
        at: instant,
      },
    };
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

/** Which flow answers a number at an instant (`at`, now when left out), and why. */
export async function routeOfNumber(
  ctx: RequestContext,
  { accountId, id, at }: InAccount & { id: string; at?: string },
): Promise<NumberRoute & { number: PhoneNumber }> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const number = await findNumber(db, account, id);
  const [described] = await describeRouting(db, account, [number], at);
  return { ...described!.answers, number };
}
