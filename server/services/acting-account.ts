import type { Principal } from "@/server/auth/actor";
import { accountWhere, accountsWithinReach, descendantAccounts, isUuid } from "@/server/auth/scope";
import type { Tx } from "@/server/db";
import { type AccountKind, Prisma } from "@/server/generated/prisma/client";
import { notFound } from "@/server/errors";

/** Every service input that acts on an account names it so. */
export type InAccount = { accountId: string };

/** One object of an account, as a service input names it. */
export type AccountObjectRef = InAccount & { id: string };

declare const withinReach: unique symbol;

/**
 * The account a request acts on: the principal's own, or one below it (a reseller acting for a
 * customer). Everything a service reads or writes for the request is scoped to this account.
 * Branded: only the functions of this file, which look the account up within the principal's
 * reach, can make one, so a query scoped by an account id nobody checked does not type-check.
 */
export type ActingAccount = Readonly<{
  id: string;
  name: string;
  path: string;
  kind: AccountKind;
  /** ISO 3166 alpha-2: the country its numbers typed in national format belong to. */
  country: string;
  flowExtensionMin: number;
  flowExtensionMax: number;
}> & { readonly [withinReach]: true };

const actingAccountFields = {
  id: true,
  name: true,
  path: true,
  kind: true,
  country: true,
  flowExtensionMin: true,
  flowExtensionMax: true,
} as const;

type AccountRow = Omit<ActingAccount, typeof withinReach>;

/** Only for rows just read under the principal's reach. */
const inReach = (row: AccountRow) => row as ActingAccount;

export async function resolveActingAccount(
  client: Pick<Tx, "account">,
  principal: Principal,
  accountId: string,
): Promise<ActingAccount> {
  const account = isUuid(accountId)
    ? await client.account.findFirst({ where: accountWhere(principal, accountId), select: actingAccountFields })
    : null;
  if (!account) throw notFound("Account");
  return inReach(account);
}

/** What a statement adds to the account it resolves (resolveActingAccountWith). */
export type AlongTheAccount = {
  /** CTEs after `acting_account`, the account's one row (none when it is out of reach). */
  ctes?: Prisma.Sql[];
  /** Tables joined to `acting_account`. */
  joins?: Prisma.Sql;
  columns: Prisma.Sql[];
};

/**
 * The account acted for, resolved within the principal's reach as resolveActingAccount does it,
 * and what `along` reads of it in the same statement (a row of the account, the resources a
 * write locks): one round trip where resolving, then reading, took two. An account out of reach
 * reads nothing and is "not found".
 */
export async function resolveActingAccountWith<Along extends object>(
  client: Pick<Tx, "$queryRaw">,
  principal: Principal,
  accountId: string,
  along: AlongTheAccount,
): Promise<{ account: ActingAccount; along: Along }> {
  if (!isUuid(accountId)) throw notFound("Account");
  // ─── TENANT ISOLATION ─── the same reach as accountsWithinReach: the principal's account and those below it.
  const account = Prisma.sql`acting_account AS (
    SELECT id, name, path, kind::text AS kind, country, "flowExtensionMin", "flowExtensionMax" FROM "Account"
    WHERE id = ${accountId}::uuid AND starts_with(path, ${principal.accountPath}))`;
  const [row] = await client.$queryRaw<(AccountRow & Along)[]>`
    WITH ${Prisma.join([account, ...(along.ctes ?? [])], ", ")}
    SELECT acting_account.*, ${Prisma.join(along.columns, ", ")} FROM acting_account ${along.joins ?? Prisma.empty}`;
  if (!row) throw notFound("Account");
  const { id, name, path, kind, country, flowExtensionMin, flowExtensionMax, ...rest } = row;
  return {
    account: inReach({ id, name, path, kind, country, flowExtensionMin, flowExtensionMax }),
    along: rest as unknown as Along,
  };
}

/** The customers below the principal with one of these ids or names (a reseller's, or any for an admin). */
export async function resolveCustomersBelow(
  client: Pick<Tx, "account">,
  principal: Principal,
  refs: { ids: readonly string[]; names: readonly string[] },
): Promise<ActingAccount[]> {
  const found = await client.account.findMany({
    where: {
      ...descendantAccounts(principal),
      kind: "customer",
      OR: [{ id: { in: refs.ids.filter(isUuid) } }, { name: { in: [...refs.names] } }],
    },
    select: actingAccountFields,
  });
  return found.map(inReach);
}

/**
 * The rows of an account in one query whose `where` also holds the account to the principal's
 * reach (`find` must use it whole). Only an empty answer costs a second query, to tell an
 * account with no rows from one out of reach ("not found").
 */
export async function rowsOfAccountInReach<Row>(
  client: Pick<Tx, "account">,
  principal: Principal,
  accountId: string,
  find: (where: { accountId: string; account: Prisma.AccountWhereInput }) => PromiseLike<Row[]>,
): Promise<Row[]> {
  if (isUuid(accountId)) {
    const rows = await find({ accountId, account: accountsWithinReach(principal) });
    if (rows.length > 0) return rows;
  }
  await resolveActingAccount(client, principal, accountId);
  return [];
}
