import type { RequestContext } from "@/server/auth/actor";
import { type Tx, db } from "@/server/db";
import type { ModuleType } from "@/server/domain/call-flow";
import {
  type CountedLimit,
  PLAN_LIMITS,
  type PlanLimit,
  type PlanRules,
  planLimitMessage,
  usageText,
  wouldExceed,
} from "@/server/domain/plans";
import { PlanLimitError } from "@/server/errors";
import { Prisma } from "@/server/generated/prisma/client";
import { type InAccount, resolveActingAccount } from "../acting-account";

// ─── PLAN LIMITS, RACE-FREE ─── Every create that a plan limits (on every path: the portal,
// tRPC, REST, imports, template runs) calls `reserveWithinPlan` inside its write transaction
// before it inserts. It locks the account's row (FOR NO KEY UPDATE: creates of one account wait
// for each other here, while the foreign keys' KEY SHARE locks of other writes pass), then
// counts in a statement of its own, which sees every create committed before the lock was
// granted. So twenty parallel creates with one place left end with exactly one more.

const MB = 1024 * 1024;

/** The plan's rules as one JSON value of a statement; `accountId` is an SQL expression. */
export function planRulesSql(accountIdSql: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object(
      'name', p.name,
      'limits', json_build_object('flows', p.flows, 'modules_per_flow', p."modulesPerFlow", 'numbers', p.numbers,
        'users', p.users, 'schedules', p.schedules, 'webhooks', p.webhooks, 'sounds_mb', p."soundsMb", 'customers', p.customers),
      'modules', CASE WHEN p."allModules" THEN NULL ELSE to_json(p.modules) END)
    FROM "Account" pa JOIN "Plan" p ON p.id = pa."planId" WHERE pa.id = ${accountIdSql})`;
}

/** The rules planRulesSql read: null for an account on no plan. */
export function planRulesFromJson(value: unknown): PlanRules | null {
  if (value === null || value === undefined) return null;
  const json = (typeof value === "string" ? JSON.parse(value) : value) as {
    name: string;
    limits: PlanRules["limits"];
    modules: ModuleType[] | null;
  };
  return { name: json.name, limits: json.limits, modules: json.modules };
}

/** The plan of an account, or null. */
export async function planRulesOf(client: Pick<Tx, "$queryRaw">, accountId: string): Promise<PlanRules | null> {
  const [row] = await client.$queryRaw<{ plan: unknown }[]>`SELECT ${planRulesSql(Prisma.sql`${accountId}::uuid`)} AS plan`;
  return planRulesFromJson(row?.plan ?? null);
}

type Counter = Pick<Tx, "callFlow" | "phoneNumber" | "user" | "schedule" | "webhookSubscription" | "account" | "sound">;

/** How much of a counted limit an account uses now (sounds in MB). */
export async function used(client: Counter, accountId: string, limit: CountedLimit): Promise<number> {
  switch (limit) {
    case "flows":
      return client.callFlow.count({ where: { accountId } });
    case "numbers":
      return client.phoneNumber.count({ where: { accountId } });
    case "users":
      return client.user.count({ where: { accountId } });
    case "schedules":
      return client.schedule.count({ where: { accountId } });
    case "webhooks":
      return client.webhookSubscription.count({ where: { accountId } });
    case "customers":
      return client.account.count({ where: { parentId: accountId, kind: "customer" } });
    case "sounds_mb": {
      const { _sum } = await client.sound.aggregate({ where: { accountId }, _sum: { byteSize: true } });
      return (_sum.byteSize ?? 0) / MB;
    }
  }
}

/**
 * Refuses (PLAN_LIMIT, naming the limit) a create that would take the account past its plan's
 * `limit`: `adding` more (1 by default; a sound's size in bytes for sounds_mb). Call it inside
 * the write's transaction, before the insert; see the banner above for why it is race-free.
 */
export async function reserveWithinPlan(tx: Tx, accountId: string, limit: CountedLimit, adding = 1): Promise<void> {
  const [row] = await tx.$queryRaw<{ plan: unknown }[]>`
    SELECT ${planRulesSql(Prisma.sql`a.id`)} AS plan FROM "Account" a WHERE a.id = ${accountId}::uuid FOR NO KEY UPDATE OF a`;
  const plan = planRulesFromJson(row?.plan ?? null);
  const max = plan?.limits[limit] ?? null;
  if (plan === null || max === null) return;
  const now = await used(tx, accountId, limit);
  const more = limit === "sounds_mb" ? adding / MB : adding;
  if (wouldExceed(now, max, more)) throw new PlanLimitError(limit, planLimitMessage(limit, max, plan.name));
}

/** Places of one limit taken one by one within a transaction that holds the account's lock. */
export type Reservation = { take(): void; snapshot(): number | null; restore(left: number | null): void };

/**
 * Locks the account and counts once, for many creates in one transaction (a bulk import's
 * batch): each `take` refuses past the limit as reserveWithinPlan does, counting in memory.
 */
export async function reserveInTransaction(tx: Tx, accountId: string, limit: CountedLimit): Promise<Reservation> {
  const [row] = await tx.$queryRaw<{ plan: unknown }[]>`
    SELECT ${planRulesSql(Prisma.sql`a.id`)} AS plan FROM "Account" a WHERE a.id = ${accountId}::uuid FOR NO KEY UPDATE OF a`;
  const plan = planRulesFromJson(row?.plan ?? null);
  const max = plan?.limits[limit] ?? null;
  let left = plan === null || max === null ? null : max - (await used(tx, accountId, limit));
  return {
    take() {
      if (left === null) return;
      if (left <= 0) throw new PlanLimitError(limit, planLimitMessage(limit, max!, plan!.name));
      left -= 1;
    },
    snapshot: () => left,
    restore(value) {
      left = value;
    },
  };
}

/** A flow with more modules than the plan allows: refused like a count past a limit. */
export function refuseTooManyModules(plan: PlanRules, max: number): never {
  throw new PlanLimitError("modules_per_flow", planLimitMessage("modules_per_flow", max, plan.name));
}

export type LimitUsage = {
  limit: PlanLimit;
  used: number;
  max: number | null;
  /** "3 of 5 call flows". */
  text: string;
  /** Already at the limit: one more is refused. */
  full: boolean;
  /** Past it (a downgrade kept what existed). */
  over: boolean;
};

export type PlanUsage = { plan: PlanRules | null; usage: LimitUsage[] };

/** What an account in reach uses against each counted limit of its plan (every limit, unlimited ones too). */
export async function usageOfAccount(ctx: RequestContext, { accountId }: InAccount): Promise<PlanUsage> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const plan = await planRulesOf(db, account.id);
  const limits = PLAN_LIMITS.filter(
    (limit): limit is CountedLimit => limit !== "modules_per_flow" && (limit !== "customers" || account.kind === "reseller"),
  );
  const counts = await Promise.all(limits.map((limit) => used(db, account.id, limit)));
  return {
    plan,
    usage: limits.map((limit, index) => {
      const max = plan?.limits[limit] ?? null;
      const count = limit === "sounds_mb" ? Math.ceil(counts[index]! * 10) / 10 : counts[index]!;
      return {
        limit,
        used: count,
        max,
        text: usageText(limit, count, max),
        full: max !== null && count >= max,
        over: max !== null && count > max,
      };
    }),
  };
}
