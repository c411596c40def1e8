import "server-only";
import { cache } from "react";
import { db } from "@/server/db";
import { resolveActingAccount } from "@/server/services/acting-account";
import { orNotFound } from "@/server/trpc/server";
import type { Actor } from "./actor";
import { requireActor } from "./require";

/**
 * For pages under /accounts/[accountId]: the signed-in actor and the account it acts for. An
 * account outside the actor's reach is the same 404 as one that does not exist. Resolved once per
 * request, however many layouts and pages ask.
 */
export const requireActingAccount = cache(
  async (accountId: string): Promise<{ actor: Actor; account: Awaited<ReturnType<typeof resolveActingAccount>> }> => {
    const actor = await requireActor();
    return { actor, account: await orNotFound(resolveActingAccount(db, actor, accountId)) };
  },
);
