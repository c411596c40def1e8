import type { RequestContext } from "@/server/auth/actor";
import { recordChange } from "../audit/record";
import { descendantAccounts, isUuid } from "@/server/auth/scope";
import { notFound } from "@/server/errors";
import { assignablePlan } from "../plans/plans";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import type { Prisma } from "@/server/generated/prisma/client";
import { nameContains, pageOf, pageQuery, type ListOrder, type TListInput } from "../paging";
import type { TCreateResellerInput } from "./schemas";
import { countsOf, createChildAccount, createUser, explainUniqueViolation, prepareUser } from "./tree";

const BY_NAME: ListOrder = { field: "name", type: "string", direction: "asc" };

/** One page of the resellers below the actor, in name order, those whose name contains `search`. */
export async function listResellers({ principal: actor }: RequestContext, input: TListInput) {
  const page = pageQuery<Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>(BY_NAME, input);
  const rows = await db.account.findMany({
    where: { AND: [{ ...descendantAccounts(actor), kind: "reseller" }, nameContains("name", input.search), page.where] },
    orderBy: page.orderBy,
    take: page.take,
    select: { id: true, name: true, displayName: true, contactName: true, country: true, planId: true, createdAt: true },
  });
  const { items, nextCursor } = pageOf(rows, BY_NAME, input.limit);
  const countOf = await countsOf(items.map((reseller) => reseller.id));
  return {
    items: items.map((reseller) => ({
      ...reseller,
      customerCount: countOf(reseller.id).children,
      userCount: countOf(reseller.id).users,
    })),
    nextCursor,
  };
}

/** A reseller account under the actor's, with its first user, in one transaction. */
export async function createReseller(ctx: RequestContext, input: TCreateResellerInput) {
  const actor = ctx.principal;
  const user = await prepareUser(input.user, "user.password");
  try {
    return await accountWriteTransaction(actor.accountId, async (tx) => {
      const account = await createChildAccount(
        tx,
        { id: actor.accountId, path: actor.accountPath },
        { name: input.name, contactName: input.contactName, kind: "reseller" },
      );
      const firstUser = await createUser(tx, account.id, "reseller", user);
      await recordChange(tx, ctx, {
        accountId: actor.accountId,
        action: "account.create",
        entityType: "account",
        entityId: account.id,
        after: { ...account, firstUser },
      });
      return account;
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name", email: "user.email" });
  }
}

/**
 * Puts a reseller on one of the platform's plans (its `customers` limit caps the reseller's
 * customers), or on none; audited on the reseller's account.
 */
export async function setResellerPlan(ctx: RequestContext, { id, planId }: { id: string; planId: string | null }) {
  const actor = ctx.principal;
  const reseller = isUuid(id)
    ? await db.account.findFirst({ where: { ...descendantAccounts(actor), id, kind: "reseller" }, select: { id: true } })
    : null;
  if (!reseller) throw notFound("Reseller");
  return accountWriteTransaction(reseller.id, async (tx) => {
    if (planId !== null) await assignablePlan(tx, actor.accountId, planId, "planId");
    const before = await tx.account.findUniqueOrThrow({ where: { id: reseller.id } });
    const after = await tx.account.update({ where: { id: reseller.id }, data: { planId, version: { increment: 1 } } });
    await recordChange(tx, ctx, {
      accountId: reseller.id,
      action: "account.update",
      entityType: "account",
      entityId: reseller.id,
      before: { planId: before.planId },
      after: { planId: after.planId },
    });
    return { id: after.id, planId: after.planId };
  });
}
