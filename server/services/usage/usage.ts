import type { Actor, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach } from "@/server/auth/scope";
import { db } from "@/server/db";
import type { TUsageRange } from "./schemas";

/** ApiUsageDaily's account for requests that reached none (its key cannot hold a null). */
export const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

/** The key of a day's folded total: detail past the retention period keeps only its sum per day and account. */
const FOLDED_TOTAL = { method: "*", route: "*", status: 0 } as const;

/**
 * Folds the per-method, route and status rows of days before `firstDetailedDay` into one total
 * per day and account, in one statement (the deleted rows are what is summed), so daily counts
 * stay exact while the detail stops growing.
 */
export async function foldUsageDetail(firstDetailedDay: string): Promise<number> {
  const [{ folded }] = await db.$queryRaw<[{ folded: number }]>`
    WITH "detail" AS (
      DELETE FROM "ApiUsageDaily"
       WHERE "day" < ${firstDetailedDay}::date AND "route" <> ${FOLDED_TOTAL.route}
      RETURNING *
    ), "total" AS (
      INSERT INTO "ApiUsageDaily" AS u ("day", "accountId", "method", "route", "status", "requests", "totalDurationMs")
      SELECT "day", "accountId", ${FOLDED_TOTAL.method}, ${FOLDED_TOTAL.route}, ${FOLDED_TOTAL.status}::int,
             sum("requests")::int, sum("totalDurationMs")::bigint
        FROM "detail" GROUP BY "day", "accountId"
      ON CONFLICT ("day", "accountId", "method", "route", "status")
      DO UPDATE SET "requests" = u."requests" + EXCLUDED."requests",
                    "totalDurationMs" = u."totalDurationMs" + EXCLUDED."totalDurationMs"
    )
    SELECT count(*)::int AS folded FROM "detail"`;
  return folded;
}

type DailyUsage = {
  /** Null for requests that never reached an account (bad credentials, unknown X-Auth-For). */
  accountId: string | null;
  accountName: string | null;
  /** YYYY-MM-DD, UTC. */
  day: string;
  requests: number;
};

/**
 * REST API commands per account per day. Everyone sees the accounts within their reach (a
 * reseller its own and its customers', a customer its own; the platform admin all of them);
 * requests that never reached an account belong to no tenant, so only admins see them.
 */
export async function dailyApiUsage({ principal: actor }: RequestContext<Actor>, range: TUsageRange): Promise<DailyUsage[]> {
  const accounts = await db.account.findMany({ where: accountsWithinReach(actor), select: { id: true, name: true } });
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  const includeUnattributed = actor.role === "admin";
  // Counted per UTC day as requests are served (server/rest/metering.ts), in batches.
  const rows = await db.$queryRaw<{ accountId: string; day: string; requests: number }[]>`
    SELECT "accountId", to_char("day", 'YYYY-MM-DD') AS day, sum("requests")::int AS requests
      FROM "ApiUsageDaily"
     WHERE "day" >= ${range.from}::date
       AND "day" <= ${range.to}::date
       AND ("accountId" = ANY(${[...names.keys()]}::uuid[]) OR (${includeUnattributed} AND "accountId" = ${NO_ACCOUNT}::uuid))
     GROUP BY "accountId", "day"`;
  return rows
    .map(({ accountId, ...row }) =>
      accountId === NO_ACCOUNT
        ? { ...row, accountId: null, accountName: null }
        : { ...row, accountId, accountName: names.get(accountId) ?? null },
    )
    .sort(byAccountThenDay);
}

/** By account name, unattributed requests last; then by day. */
function byAccountThenDay(a: DailyUsage, b: DailyUsage): number {
  return (
    Number(a.accountName === null) - Number(b.accountName === null) ||
    (a.accountName ?? "").localeCompare(b.accountName ?? "") ||
    a.day.localeCompare(b.day)
  );
}
