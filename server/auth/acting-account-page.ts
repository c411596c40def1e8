import { notFound } from "next/navigation";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { resolveActingAccount } from "@/server/services/acting-account";
import type { Actor } from "./actor";
import { requireActor } from "./require";

/**
 * For pages under /accounts/[accountId]: the signed-in actor and the account it acts for. An
 * account outside the actor's reach is the same 404 as one that does not exist.
 */
export async function requireActingAccount(accountId: string): Promise<{ actor: Actor; account: Awaited<ReturnType<typeof resolveActingAccount>> }> {
  const actor = await requireActor();
  try {
    return { actor, account: await resolveActingAccount(db, actor, accountId) };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
