import type { Actor } from "@/server/auth/actor";
import { descendantAccounts } from "@/server/auth/scope";
import { db } from "@/server/db";
import type { TCreateResellerInput } from "./schemas";
import { createChildAccount, createUser, explainUniqueViolation, prepareUser } from "./tree";

export async function listResellers(actor: Actor) {
  const resellers = await db.account.findMany({
    where: { ...descendantAccounts(actor), kind: "reseller" },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      contactName: true,
      createdAt: true,
      _count: { select: { children: true, users: true } },
    },
  });
  return resellers.map(({ _count, ...reseller }) => ({ ...reseller, customerCount: _count.children, userCount: _count.users }));
}

/** A reseller account under the actor's, with its first user, in one transaction. */
export async function createReseller(actor: Actor, input: TCreateResellerInput) {
  const user = await prepareUser(input.user);
  try {
    return await db.$transaction(async (tx) => {
      const account = await createChildAccount(
        tx,
        { id: actor.accountId, path: actor.accountPath },
        { name: input.name, contactName: input.contactName, kind: "reseller" },
      );
      await createUser(tx, account.id, "reseller", user);
      return account;
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name", email: "user.email" });
  }
}
