import type { Actor, RequestContext } from "@/server/auth/actor";
import { recordAudit } from "../audit/record";
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
export async function createReseller(ctx: RequestContext, input: TCreateResellerInput) {
  const actor = ctx.principal;
  const user = await prepareUser(input.user, "user.password");
  try {
    return await db.$transaction(async (tx) => {
      const account = await createChildAccount(
        tx,
        { id: actor.accountId, path: actor.accountPath },
        { name: input.name, contactName: input.contactName, kind: "reseller" },
      );
      const firstUser = await createUser(tx, account.id, "reseller", user);
      await recordAudit(tx, ctx, {
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
