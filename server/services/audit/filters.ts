import type { RequestContext } from "@/server/auth/actor";
import { accountsWithinReach } from "@/server/auth/scope";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { type ListOrder, nameContains, pageOf, pageQuery, type TListInput } from "../paging";

// What the audit log's filters suggest as a name is typed: the accounts and the people within
// the viewer's reach. ─── TENANT ISOLATION ─── both lists are built from accountsWithinReach.

const BY_NAME: ListOrder = { field: "name", type: "string", direction: "asc" };
const BY_EMAIL: ListOrder = { field: "email", type: "string", direction: "asc" };

/** One page of the accounts in reach whose handle or display name contains `search`, by handle. */
export async function auditAccountChoices({ principal }: RequestContext, input: TListInput) {
  const page = pageQuery<Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>(BY_NAME, input);
  const matching: Prisma.AccountWhereInput = input.search?.trim()
    ? { OR: [nameContains("name", input.search), nameContains("displayName", input.search)] }
    : {};
  const rows = await db.account.findMany({
    where: { AND: [accountsWithinReach(principal), matching, page.where] },
    orderBy: page.orderBy,
    take: page.take,
    select: { id: true, name: true, displayName: true },
  });
  return pageOf(rows, BY_NAME, input.limit);
}

/** One page of the users in reach whose email or name contains `search`, by email. */
export async function auditActorChoices({ principal }: RequestContext, input: TListInput) {
  const page = pageQuery<Prisma.UserWhereInput, Prisma.UserOrderByWithRelationInput>(BY_EMAIL, input);
  const matching: Prisma.UserWhereInput = input.search?.trim()
    ? { OR: [nameContains("email", input.search), nameContains("displayName", input.search)] }
    : {};
  const rows = await db.user.findMany({
    where: { AND: [{ account: accountsWithinReach(principal) }, matching, page.where] },
    orderBy: page.orderBy,
    take: page.take,
    select: { id: true, email: true, displayName: true },
  });
  return pageOf(rows, BY_EMAIL, input.limit);
}
