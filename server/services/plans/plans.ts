import type { Principal, RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import type { ModuleType } from "@/server/domain/call-flow";
import { PLAN_LIMITS, type PlanLimit, type PlanLimits, type PlanRules } from "@/server/domain/plans";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import type { Plan } from "@/server/generated/prisma/client";
import { recordChange } from "../audit/record";
import { checkIfMatch } from "../preconditions";
import type { TPlanDocument } from "./schemas";

// A reseller's plans (or the platform's, given to resellers): packages of limits its customers
// are put on. ─── TENANT ISOLATION ─── a plan is its owner account's alone: every read and write
// matches `ownerAccountId` to the principal's own account, so another's plan is "not found".

/** The columns of each limit, by its API name. */
const LIMIT_COLUMNS = {
  flows: "flows",
  modules_per_flow: "modulesPerFlow",
  numbers: "numbers",
  users: "users",
  schedules: "schedules",
  webhooks: "webhooks",
  sounds_mb: "soundsMb",
  customers: "customers",
} as const satisfies Record<PlanLimit, keyof Plan>;

export type PlanView = PlanRules & {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** How many accounts are on it. */
  accountCount: number;
};

export function rulesOfPlan(plan: Plan): PlanRules {
  return {
    name: plan.name,
    limits: Object.fromEntries(PLAN_LIMITS.map((limit) => [limit, plan[LIMIT_COLUMNS[limit]]])) as PlanLimits,
    modules: plan.allModules ? null : (plan.modules as ModuleType[]),
  };
}

function viewOf(plan: Plan, accountCount: number): PlanView {
  return {
    ...rulesOfPlan(plan),
    id: plan.id,
    version: plan.version,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    accountCount,
  };
}

function columnsOf(document: TPlanDocument) {
  return {
    name: document.name,
    ...Object.fromEntries(PLAN_LIMITS.map((limit) => [LIMIT_COLUMNS[limit], document.limits[limit]])),
    modules: document.modules ?? [],
    allModules: document.modules === null,
  };
}

/** Customers have no plans of their own: theirs is given by their reseller. */
export function requirePlanOwner(principal: Principal): void {
  if (principal.accountKind === "customer") throw new AppError("FORBIDDEN", "Only resellers and admins have plans");
}

function planWhere(principal: Principal, id: string) {
  return { id, ownerAccountId: principal.accountId };
}

async function accountCounts(planIds: string[]): Promise<(id: string) => number> {
  const rows = await db.account.groupBy({ by: ["planId"], where: { planId: { in: planIds } }, _count: { _all: true } });
  const counts = new Map(rows.map((row) => [row.planId, row._count._all]));
  return (id) => counts.get(id) ?? 0;
}

/** The principal's own plans, by name. */
export async function listPlans({ principal }: RequestContext): Promise<PlanView[]> {
  requirePlanOwner(principal);
  const plans = await db.plan.findMany({
    where: { ownerAccountId: principal.accountId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const countOf = await accountCounts(plans.map((plan) => plan.id));
  return plans.map((plan) => viewOf(plan, countOf(plan.id)));
}

export async function getPlan({ principal }: RequestContext, { id }: { id: string }): Promise<PlanView> {
  requirePlanOwner(principal);
  const plan = isUuid(id) ? await db.plan.findFirst({ where: planWhere(principal, id) }) : null;
  if (!plan) throw notFound("Plan");
  return viewOf(plan, (await accountCounts([plan.id]))(plan.id));
}

function explainNameClash(error: unknown): never {
  if (isUniqueViolation(error, "name")) {
    const message = "A plan with this name already exists";
    throw new AppError("CONFLICT", message, [{ path: "name", message }]);
  }
  throw error;
}

export async function createPlan(ctx: RequestContext, { document }: { document: TPlanDocument }): Promise<PlanView> {
  const { principal } = ctx;
  requirePlanOwner(principal);
  try {
    return await accountWriteTransaction(principal.accountId, async (tx) => {
      const plan = await tx.plan.create({ data: { ownerAccountId: principal.accountId, ...columnsOf(document) } });
      await recordChange(tx, ctx, {
        accountId: principal.accountId,
        action: "plan.create",
        entityType: "plan",
        entityId: plan.id,
        after: rulesOfPlan(plan),
      });
      return viewOf(plan, 0);
    });
  } catch (error) {
    explainNameClash(error);
  }
}

async function lockedPlan(tx: Tx, principal: Principal, id: string): Promise<Plan> {
  const [locked] = isUuid(id)
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Plan" WHERE id = ${id}::uuid AND "ownerAccountId" = ${principal.accountId}::uuid FOR UPDATE`
    : [];
  if (!locked) throw notFound("Plan");
  return tx.plan.findUniqueOrThrow({ where: { id } });
}

/**
 * Replaces a plan whole. A lower limit keeps what its accounts hold already and refuses new
 * items only (a downgrade); the portal marks what is over.
 */
export async function updatePlan(
  ctx: RequestContext,
  { id, document, ifMatch }: { id: string; document: TPlanDocument; ifMatch?: string },
): Promise<PlanView> {
  const { principal } = ctx;
  requirePlanOwner(principal);
  try {
    return await accountWriteTransaction(principal.accountId, async (tx) => {
      const before = await lockedPlan(tx, principal, id);
      checkIfMatch(ifMatch, before, "plan");
      const after = await tx.plan.update({
        where: { id: before.id },
        data: { ...columnsOf(document), version: { increment: 1 } },
      });
      await recordChange(tx, ctx, {
        accountId: principal.accountId,
        action: "plan.update",
        entityType: "plan",
        entityId: after.id,
        before: rulesOfPlan(before),
        after: rulesOfPlan(after),
      });
      return viewOf(after, await tx.account.count({ where: { planId: after.id } }));
    });
  } catch (error) {
    explainNameClash(error);
  }
}

/** Deletes a plan no account is on; one in use is a conflict that says how many use it. */
export async function deletePlan(ctx: RequestContext, { id, ifMatch }: { id: string; ifMatch?: string }): Promise<void> {
  const { principal } = ctx;
  requirePlanOwner(principal);
  await accountWriteTransaction(principal.accountId, async (tx) => {
    const plan = await lockedPlan(tx, principal, id);
    checkIfMatch(ifMatch, plan, "plan");
    // Accounts are put on a plan with its row locked (assignablePlan), so none can join meanwhile.
    const users = await tx.account.count({ where: { planId: plan.id } });
    if (users > 0) {
      const who = `${users} ${users === 1 ? "customer uses" : "customers use"}`;
      throw new AppError("CONFLICT", `The plan is in use: ${who} it; move ${users === 1 ? "it" : "them"} to another plan first`);
    }
    await tx.plan.delete({ where: { id: plan.id } });
    await recordChange(tx, ctx, {
      accountId: principal.accountId,
      action: "plan.delete",
      entityType: "plan",
      entityId: plan.id,
      before: rulesOfPlan(plan),
    });
  });
}

/**
 * The plan `planId` names for an account below `parentId`: one of the parent's own plans, locked
 * (FOR KEY SHARE) until the transaction ends so it cannot be deleted while the account joins it.
 * `field` names the input field for the error.
 */
export async function assignablePlan(tx: Tx, parentId: string, planId: string, field = "plan"): Promise<Plan> {
  const [found] = isUuid(planId)
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Plan" WHERE id = ${planId}::uuid AND "ownerAccountId" = ${parentId}::uuid FOR KEY SHARE`
    : [];
  if (!found) {
    const message = "No such plan: choose one of your plans";
    throw new AppError("BAD_REQUEST", message, [{ path: field, message }]);
  }
  return tx.plan.findUniqueOrThrow({ where: { id: planId } });
}
