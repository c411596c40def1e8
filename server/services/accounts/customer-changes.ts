import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { AppError } from "@/server/errors";
import type { Account } from "@/server/generated/prisma/client";
import { recordChange } from "../audit/record";
import { assignablePlan } from "../plans/plans";
import { checkIfMatch } from "../preconditions";
import { lockedCustomer } from "./accounts";
import type { CustomerStatus, TCustomerFields } from "./schemas";
import { explainUniqueViolation } from "./tree";

// Changing and removing a customer: its fields, its plan, its status (a suspended customer's
// users cannot sign in and its API users are refused on their next request; its flows and
// numbers stay), and its removal with everything it owns.

/** What the audit trail keeps of a customer. */
function customerSnapshot(account: Account) {
  const { id, name, displayName, contactName, contactEmail, status, planId } = account;
  return { id, name, displayName, contactName, contactEmail, status, planId };
}

function actionOf(before: Account, after: Account): string {
  if (before.status === after.status) return "account.update";
  return after.status === "suspended" ? "account.suspend" : "account.activate";
}

type CustomerChange = Partial<TCustomerFields> & { id: string; ifMatch?: string };

/** Changes the fields given, in one transaction, audited; the plan must be one of the reseller's. */
async function changeCustomer(ctx: RequestContext, { id, ifMatch, ...fields }: CustomerChange): Promise<Account> {
  const actor = ctx.principal;
  try {
    return await accountWriteTransaction(isUuid(id) ? id : actor.accountId, async (tx) => {
      const before = await lockedCustomer(tx, actor, id);
      checkIfMatch(ifMatch, before, "customer");
      if (fields.planId) await assignablePlan(tx, before.parentId!, fields.planId, "planId");
      const after = await tx.account.update({ where: { id: before.id }, data: { ...fields, version: { increment: 1 } } });
      await recordChange(tx, ctx, {
        accountId: before.id,
        action: actionOf(before, after),
        entityType: "account",
        entityId: before.id,
        before: customerSnapshot(before),
        after: customerSnapshot(after),
      });
      return after;
    });
  } catch (error) {
    explainUniqueViolation(error, { name: "name" });
  }
}

/** Replaces a customer whole (the REST API's PUT): fields left out return to their defaults. */
export function replaceCustomer(ctx: RequestContext, input: TCustomerFields & { id: string; ifMatch?: string }) {
  return changeCustomer(ctx, input);
}

export function setCustomerPlan(ctx: RequestContext, { id, planId }: { id: string; planId: string | null }) {
  return changeCustomer(ctx, { id, planId });
}

export function setCustomerStatus(ctx: RequestContext, { id, status }: { id: string; status: CustomerStatus }) {
  return changeCustomer(ctx, { id, status });
}

/** How many rows of each kind a removal deleted, and the numbers it released. */
type Removed = Record<string, number> & { releasedNumbers: number };

/**
 * Everything the customer owns, deleted in the caller's transaction; its numbers go back to the
 * reseller's inventory first, their routes cleared (they pointed at the customer's flows).
 */
async function removeOwnedRows(tx: AccountTx, customer: Account): Promise<Removed> {
  const where = { accountId: customer.id };
  const released = await tx.phoneNumber.updateMany({
    where,
    data: { accountId: customer.parentId!, callFlowId: null, scheduleId: null, closedCallFlowId: null },
  });
  const sounds = await tx.sound.findMany({ where: { ...where, audioKey: { not: null } }, select: { audioKey: true } });
  await tx.audioChunk.deleteMany({ where: { key: { in: sounds.map((sound) => sound.audioKey!) } } });
  // Children before what they point at: flows (with drafts, layouts, references) before resources.
  const counts = {
    callFlows: (await tx.callFlow.deleteMany({ where })).count,
    schedules: (await tx.schedule.deleteMany({ where })).count,
    sipUsers: (await tx.sipUser.deleteMany({ where })).count,
    huntGroups: (await tx.huntGroup.deleteMany({ where })).count,
    sounds: (await tx.sound.deleteMany({ where })).count,
    playlists: (await tx.playlist.deleteMany({ where })).count,
    mailboxes: (await tx.mailbox.deleteMany({ where })).count,
    trunks: (await tx.trunk.deleteMany({ where })).count,
    webhookSubscriptions: (await tx.webhookSubscription.deleteMany({ where })).count,
    users: (await tx.user.deleteMany({ where })).count,
    apiCredentials: (await tx.apiCredential.deleteMany({ where })).count,
  };
  return { ...counts, releasedNumbers: released.count };
}

/**
 * Removes a suspended customer and everything it owns in one transaction, audited on the
 * reseller's account as `account.delete` (with what was removed); its numbers are released to
 * the reseller's inventory. A customer that is not suspended is a conflict: suspend it first.
 */
export async function deleteCustomer(ctx: RequestContext, { id, ifMatch }: { id: string; ifMatch?: string }): Promise<void> {
  const actor = ctx.principal;
  await accountWriteTransaction(actor.accountId, async (tx) => {
    const customer = await lockedCustomer(tx, actor, id);
    checkIfMatch(ifMatch, customer, "customer");
    if (customer.status !== "suspended") {
      throw new AppError("CONFLICT", "Only a suspended customer can be deleted: suspend it first", [
        { path: "status", message: "Only a suspended customer can be deleted: suspend it first" },
      ]);
    }
    const removed = await removeOwnedRows(tx, customer);
    await tx.account.delete({ where: { id: customer.id } });
    await recordChange(tx, ctx, {
      accountId: customer.parentId!,
      action: "account.delete",
      entityType: "account",
      entityId: customer.id,
      before: customerSnapshot(customer),
      after: { removed },
    });
  });
}
