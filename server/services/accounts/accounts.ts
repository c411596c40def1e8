import type { Principal, RequestContext } from "@/server/auth/actor";
import { recordChange } from "../audit/record";
import { accountWhere, descendantAccounts, isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { anyNameContains, pageOf, pageQuery, type ListOrder, type TListInput } from "../paging";
import type { TCreateAccountUserInput, TCreateCustomerInput, TRenameAccountInput } from "./schemas";
import { assignablePlan } from "../plans/plans";
import { reserveWithinPlan } from "../plans/limits";
import { issuePasswordLink } from "../users/password-links";
import { mailInvitation } from "../users/users";
import { linkBaseForPath } from "../branding/custom-domains";
import { countsOf, createChildAccount, createUser, explainUniqueViolation, prepareUser } from "./tree";

const accountSummary = {
  id: true,
  name: true,
  displayName: true,
  contactName: true,
  contactEmail: true,
  status: true,
  planId: true,
  plan: { select: { name: true } },
  version: true,
  country: true,
  kind: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Each customer with how many users it has. */
async function withUserCounts<Row extends { id: string }>(rows: Row[]) {
  const countOf = await countsOf(rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, _count: { users: countOf(row.id).users } }));
}

const userSummary = { id: true, email: true, displayName: true, role: true, disabled: true, createdAt: true } as const;

const BY_NAME: ListOrder = { field: "name", type: "string", direction: "asc" };
const BY_EMAIL: ListOrder = { field: "email", type: "string", direction: "asc" };

/** One page of the customers below the actor, in name order, those whose handle or display name contains `search`. */
export async function listCustomers({ principal: actor }: RequestContext, input: TListInput) {
  const page = pageQuery<Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>(BY_NAME, input);
  const rows = await db.account.findMany({
    where: {
      AND: [
        { ...descendantAccounts(actor), kind: "customer" },
        anyNameContains(["name", "displayName"], input.search),
        page.where,
      ],
    },
    orderBy: page.orderBy,
    take: page.take,
    select: accountSummary,
  });
  const { items, nextCursor } = pageOf(rows, BY_NAME, input.limit);
  return { items: await withUserCounts(items), nextCursor };
}

function customerWhere(actor: Principal, id: string) {
  return { ...accountWhere(actor, id), ...descendantAccounts(actor), kind: "customer" } as const;
}

/** Locks nothing, reveals nothing: a customer outside the actor's tree is "not found". */
async function assertCustomerInReach(client: Pick<Tx, "account">, actor: Principal, id: string): Promise<void> {
  const found = isUuid(id) && (await client.account.count({ where: customerWhere(actor, id) })) > 0;
  if (!found) throw notFound("Customer");
}

/** The customer within the actor's reach, its row locked for a change; "not found" otherwise. */
export async function lockedCustomer(tx: Tx, actor: Principal, id: string) {
  const found = isUuid(id) ? await tx.account.findFirst({ where: customerWhere(actor, id), select: { id: true } }) : null;
  if (!found) throw notFound("Customer");
  await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${found.id}::uuid FOR UPDATE`;
  return tx.account.findUniqueOrThrow({ where: { id: found.id } });
}

/** A customer below the actor, with how many users it has (listCustomerUsers pages them). */
export async function getCustomer({ principal: actor }: RequestContext, { id }: { id: string }) {
  const customer = isUuid(id) ? await db.account.findFirst({ where: customerWhere(actor, id), select: accountSummary }) : null;
  if (!customer) throw notFound("Customer");
  const [counted] = await withUserCounts([customer]);
  return counted!;
}

/** One page of a customer's users in email order, those whose email or name contains `search`. */
export async function listCustomerUsers({ principal: actor }: RequestContext, input: TListInput & { accountId: string }) {
  await assertCustomerInReach(db, actor, input.accountId);
  const page = pageQuery<Prisma.UserWhereInput, Prisma.UserOrderByWithRelationInput>(BY_EMAIL, input);
  const rows = await db.user.findMany({
    where: { AND: [{ accountId: input.accountId }, anyNameContains(["email", "displayName"], input.search), page.where] },
    orderBy: page.orderBy,
    take: page.take,
    select: userSummary,
  });
  return pageOf(rows, BY_EMAIL, input.limit);
}

/**
 * A new customer below the actor, on one of the actor's plans if `planId` names one, within the
 * actor's own plan's `customers` limit. With `ownerEmail`, its first user too, who sets a password
 * through a one-time link (answered once, and mailed when SMTP is set up).
 */
export async function createCustomer(ctx: RequestContext, input: TCreateCustomerInput) {
  const { customer, owner } = await insertCustomer(ctx, input);
  if (!owner) return { ...customer, owner: null };
  const mailed = await mailInvitation(owner.user, actorName(ctx.principal), customer.name, owner.link, customer.path);
  return { ...customer, owner: { email: owner.user.email, link: owner.link, expiresAt: owner.expiresAt, mailed } };
}

async function insertCustomer(ctx: RequestContext, input: TCreateCustomerInput) {
  const actor = ctx.principal;
  // The owner's link points where the customer's users sign in: the reseller's custom domain, if any.
  const linkBase = input.ownerEmail === undefined ? null : await linkBaseForPath(actor.accountPath);
  try {
    return await accountWriteTransaction(actor.accountId, async (tx) => {
      await reserveWithinPlan(tx, actor.accountId, "customers");
      const plan = input.planId === null ? null : await assignablePlan(tx, actor.accountId, input.planId, "planId");
      const customer = await createChildAccount(
        tx,
        { id: actor.accountId, path: actor.accountPath },
        { ...input, planId: plan?.id ?? null, kind: "customer" },
      );
      await recordChange(tx, ctx, {
        accountId: actor.accountId,
        action: "account.create",
        entityType: "account",
        entityId: customer.id,
        after: customer,
      });
      const owner =
        input.ownerEmail === undefined || linkBase === null
          ? null
          : await createOwner(tx, ctx, customer, input.ownerEmail, linkBase);
      return { customer, owner };
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name", email: "ownerEmail" });
  }
}

/** Who invites, as the invitation's mail names them. */
function actorName(actor: Principal): string {
  return actor.via === "portal" ? actor.displayName : actor.accountName;
}

/** A new customer's first user, without a password yet, and their one-time link. */
async function createOwner(
  tx: AccountTx,
  ctx: RequestContext,
  customer: { id: string; name: string; displayName: string },
  email: string,
  linkBase: string,
) {
  await reserveWithinPlan(tx, customer.id, "users");
  const user = await tx.user.create({
    data: {
      accountId: customer.id,
      role: "customer",
      email,
      displayName: customer.displayName || customer.name,
      passwordHash: null,
    },
    select: { id: true, email: true, displayName: true, role: true, accountId: true },
  });
  const { link, expiresAt } = await issuePasswordLink(tx, user.id, { base: linkBase });
  await recordChange(tx, ctx, {
    accountId: customer.id,
    action: "user.invite",
    entityType: "user",
    entityId: user.id,
    after: user,
  });
  return { user, link, expiresAt };
}

export async function renameCustomer(ctx: RequestContext, input: TRenameAccountInput) {
  try {
    return await accountWriteTransaction(input.id, async (tx) => {
      await assertCustomerInReach(tx, ctx.principal, input.id);
      const before = await tx.account.findUniqueOrThrow({ where: { id: input.id } });
      const after = await tx.account.update({
        where: { id: input.id },
        data: {
          name: input.name,
          displayName: input.displayName,
          contactName: input.contactName,
          country: input.country,
          version: { increment: 1 },
        },
      });
      await recordChange(tx, ctx, {
        accountId: input.id,
        action: "account.update",
        entityType: "account",
        entityId: input.id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name" });
  }
}

export async function createCustomerUser(ctx: RequestContext, input: TCreateAccountUserInput) {
  await assertCustomerInReach(db, ctx.principal, input.accountId);
  const user = await prepareUser(input);
  try {
    return await accountWriteTransaction(input.accountId, async (tx) => {
      await assertCustomerInReach(tx, ctx.principal, input.accountId);
      await reserveWithinPlan(tx, input.accountId, "users");
      const created = await createUser(tx, input.accountId, "customer", user);
      await recordChange(tx, ctx, {
        accountId: input.accountId,
        action: "user.create",
        entityType: "user",
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    explainUniqueViolation(error, { email: "email" });
  }
}
