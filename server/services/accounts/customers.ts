import type { Actor, Principal, RequestContext } from "@/server/auth/actor";
import { recordAudit } from "../audit/record";
import { accountWhere, descendantAccounts, isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { TCreateAccountUserInput, TCreateCustomerInput, TRenameAccountInput } from "./schemas";
import { createChildAccount, createUser, explainUniqueViolation, prepareUser } from "./tree";

const accountSummary = {
  id: true,
  name: true,
  contactName: true,
  kind: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { users: true } },
} as const;

const userSummary = { id: true, email: true, displayName: true, role: true, disabled: true, createdAt: true } as const;

export async function listCustomers(actor: Actor) {
  return db.account.findMany({
    where: { ...descendantAccounts(actor), kind: "customer" },
    orderBy: { name: "asc" },
    select: accountSummary,
  });
}

function customerWhere(actor: Principal, id: string) {
  return { ...accountWhere(actor, id), ...descendantAccounts(actor), kind: "customer" } as const;
}

/** Locks nothing, reveals nothing: a customer outside the actor's tree is "not found". */
async function assertCustomerInReach(client: Pick<Tx, "account">, actor: Principal, id: string): Promise<void> {
  const found = isUuid(id) && (await client.account.count({ where: customerWhere(actor, id) })) > 0;
  if (!found) throw notFound("Customer");
}

/** A customer below the actor, with its users. */
export async function getCustomer(actor: Actor, id: string) {
  const customer = isUuid(id)
    ? await db.account.findFirst({
        where: customerWhere(actor, id),
        select: { ...accountSummary, users: { select: userSummary, orderBy: { email: "asc" } } },
      })
    : null;
  if (!customer) throw notFound("Customer");
  return customer;
}

export async function createCustomer(ctx: RequestContext, input: TCreateCustomerInput) {
  const actor = ctx.principal;
  try {
    return await db.$transaction(async (tx) => {
      const customer = await createChildAccount(tx, { id: actor.accountId, path: actor.accountPath }, { ...input, kind: "customer" });
      await recordAudit(tx, ctx, {
        accountId: actor.accountId,
        action: "account.create",
        entityType: "account",
        entityId: customer.id,
        after: customer,
      });
      return customer;
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name" });
  }
}

export async function renameCustomer(ctx: RequestContext, input: TRenameAccountInput) {
  try {
    return await db.$transaction(async (tx) => {
      await assertCustomerInReach(tx, ctx.principal, input.id);
      const before = await tx.account.findUniqueOrThrow({ where: { id: input.id } });
      const after = await tx.account.update({ where: { id: input.id }, data: { name: input.name, contactName: input.contactName } });
      await recordAudit(tx, ctx, { accountId: input.id, action: "account.update", entityType: "account", entityId: input.id, before, after });
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
    return await db.$transaction(async (tx) => {
      await assertCustomerInReach(tx, ctx.principal, input.accountId);
      const created = await createUser(tx, input.accountId, "customer", user);
      await recordAudit(tx, ctx, { accountId: input.accountId, action: "user.create", entityType: "user", entityId: created.id, after: created });
      return created;
    });
  } catch (error) {
    explainUniqueViolation(error, { email: "email" });
  }
}
