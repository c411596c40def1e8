import type { Actor } from "@/server/auth/actor";
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

function customerWhere(actor: Actor, id: string) {
  return { ...accountWhere(actor, id), ...descendantAccounts(actor), kind: "customer" } as const;
}

/** Locks nothing, reveals nothing: a customer outside the actor's tree is "not found". */
async function assertCustomerInReach(client: Pick<Tx, "account">, actor: Actor, id: string): Promise<void> {
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

export async function createCustomer(actor: Actor, input: TCreateCustomerInput) {
  try {
    return await db.$transaction((tx) =>
      createChildAccount(tx, { id: actor.accountId, path: actor.accountPath }, { ...input, kind: "customer" }),
    );
  } catch (error) {
    explainUniqueViolation(error, { name: "name" });
  }
}

export async function renameCustomer(actor: Actor, input: TRenameAccountInput) {
  try {
    return await db.$transaction(async (tx) => {
      await assertCustomerInReach(tx, actor, input.id);
      return tx.account.update({ where: { id: input.id }, data: { name: input.name, contactName: input.contactName } });
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name" });
  }
}

export async function createCustomerUser(actor: Actor, input: TCreateAccountUserInput) {
  await assertCustomerInReach(db, actor, input.accountId);
  const user = await prepareUser(input);
  try {
    return await db.$transaction(async (tx) => {
      await assertCustomerInReach(tx, actor, input.accountId);
      return createUser(tx, input.accountId, "customer", user);
    });
  } catch (error) {
    explainUniqueViolation(error, { email: "email" });
  }
}
