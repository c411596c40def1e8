import type { Actor } from "@/server/auth/actor";
import { accountsWithinReach } from "@/server/auth/scope";
import { db } from "@/server/db";
import type { TUsageRange } from "./schemas";

export type DailyUsage = {
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
export async function dailyApiUsage(actor: Actor, range: TUsageRange): Promise<DailyUsage[]> {
  const accounts = await db.account.findMany({ where: accountsWithinReach(actor), select: { id: true, name: true } });
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  const includeUnattributed = actor.role === "admin";
  // `at` is stored in UTC without a time zone, so truncating it gives the UTC calendar day.
  const rows = await db.$queryRaw<{ accountId: string | null; day: string; requests: number }[]>`
    SELECT "accountId", to_char(date_trunc('day', at), 'YYYY-MM-DD') AS day, count(*)::int AS requests
      FROM "ApiRequest"
     WHERE at >= ${range.from}::date
       AND at < ${range.to}::date + 1
       AND ("accountId" = ANY(${[...names.keys()]}::uuid[]) OR (${includeUnattributed} AND "accountId" IS NULL))
     GROUP BY "accountId", date_trunc('day', at)`;
  return rows
    .map((row) => ({ ...row, accountName: row.accountId === null ? null : (names.get(row.accountId) ?? null) }))
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
