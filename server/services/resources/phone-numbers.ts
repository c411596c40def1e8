import type { Principal, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach, isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError, fieldError, isUniqueViolation, notFound } from "@/server/errors";
import { resolveActingAccount, type ActingAccount, type AccountObjectRef } from "../acting-account";
import { recordChange } from "../audit/record";
import { lockFlowRow } from "../call-flows/references";
import { findCallFlow } from "../call-flows/call-flows";
import type { Prisma } from "@/server/generated/prisma/client";
import { phoneNumberInE164, phoneNumberMessage } from "@/server/domain/phone-number";
import { type ListOrder, nameContains, pageOf, pageQuery } from "../paging";
import type {
  TAssignableAccountsInput,
  TAssignPhoneNumberInput,
  TNumberInventoryInput,
  TCreatePhoneNumberInput,
  TListResourcesInput,
} from "./schemas";
import { resourceWhere } from "./scope";
import { resourceService } from "./resources";
import { reserveWithinPlan } from "../plans/limits";
import { describeRouting } from "../schedules/routing";

// Phone numbers are inventory. Admins and resellers add numbers, assign each to an account in
// their reach (a customer, or their own account, where it waits unassigned), reassign, release
// and remove them. Customers route their own numbers to their own flows and do nothing else.
// The number's `accountId` is where it is assigned: everything that reads numbers (routing, the
// REST list, flows' "in use by" checks) keeps scoping by it.

/** Staff accounts (the platform, resellers) hold inventory; customers only use numbers. */
function isStaff(principal: Principal): boolean {
  return principal.accountKind !== "customer";
}

// ─── ROLE CHECK ─── first thing, before any lookup: a customer's attempt to add, assign or
// remove a number learns nothing, not even whether the number or the account exists.
function requireStaff(principal: Principal, doing: string): void {
  if (!isStaff(principal)) throw new AppError("FORBIDDEN", `Only resellers and admins can ${doing} phone numbers`);
}

/** Calls to a number follow a flow of the account it is assigned to, or none. */
async function checkRoute(tx: Tx, account: ActingAccount, callFlowId: string | null): Promise<void> {
  // ─── TENANT ISOLATION ─── a number routes only to a flow of its own account ───
  if (callFlowId === null) return;
  const flow = await findCallFlow(tx, account, callFlowId, "any");
  // Held until commit: the flow is not deleted before the number routes to it (references.ts).
  if (!(await lockFlowRow(tx, account.id, flow.id, "FOR KEY SHARE"))) throw notFound("Call flow");
  // Callers never reach a draft: a flow that was never published cannot answer a number yet.
  if (!flow.published) throw fieldError("callFlowId", "This call flow is only a draft: publish it before routing a number to it");
}

/**
 * Why an added number is refused. Numbers are unique platform-wide (a call to a number reaches
 * exactly one flow), so a number held anywhere cannot be added again, and whoever adds it has to
 * be told so rather than believe it was added. Only staff get this far. A number held within
 * their own reach is named with the account holding it: they can see it anyway. A number held
 * anywhere else gets one fixed answer that names nobody and is the same whichever tenant holds
 * it and whatever it routes to, so it tells no more than that the number is taken, which dialling
 * it would tell anyone.
 */
async function explainTakenNumber(error: unknown, principal: Principal, number: string): Promise<never> {
  if (!isUniqueViolation(error, "number")) throw error;
  const inReach = await db.phoneNumber.findFirst({
    where: { number, account: accountsWithinReach(principal) },
    select: { account: { select: { name: true } } },
  });
  const message = inReach
    ? `The number ${number} is already on the account ${inReach.account.name}`
    : `The number ${number} is not available`;
  throw new AppError("CONFLICT", message, [{ path: "number", message }]);
}

const rows = resourceService({
  entityType: "phonenumber",
  label: "phone number",
  table: (tx) => tx.phoneNumber,
  order: { field: "number", type: "string", direction: "asc" },
  searchField: "number",
  columns: ({ number, callFlowId }: Pick<TCreatePhoneNumberInput, "number" | "callFlowId">) => ({ number, callFlowId }),
  checkWrite: (tx, account, fields) => checkRoute(tx, account, fields.callFlowId),
  checkCreate: (tx, account) => reserveWithinPlan(tx, account.id, "numbers"),
});

/** A number that routes nowhere: what a number is when it reaches an account. */
const NO_ROUTE = { callFlowId: null, scheduleId: null, closedCallFlowId: null } as const;

const BY_NAME: ListOrder = { field: "name", type: "string", direction: "asc" };
const BY_NUMBER: ListOrder = { field: "number", type: "string", direction: "asc" };

async function findNumber(tx: Tx, account: ActingAccount, id: string) {
  const row = isUuid(id) ? await tx.phoneNumber.findFirst({ where: resourceWhere(account, id) }) : null;
  if (!row) throw notFound("Phone number");
  return row;
}

/**
 * The account a released number goes back to: the nearest staff account above the one it is
 * assigned to (a customer's reseller) that the actor reaches, else the actor's own.
 */
async function inventoryAbove(tx: Tx, principal: Principal, account: ActingAccount): Promise<ActingAccount> {
  const ancestorIds = account.path.split("/").filter(Boolean).slice(0, -1);
  const holders = await tx.account.findMany({
    where: { id: { in: ancestorIds }, kind: { not: "customer" }, ...accountsWithinReach(principal) },
    select: { id: true },
  });
  const nearest = ancestorIds.reverse().find((id) => holders.some((holder) => holder.id === id)) ?? principal.accountId;
  return resolveActingAccount(tx, principal, nearest);
}

export const phoneNumbers = {
  /** The numbers assigned to an account: what it routes, and what the REST API lists. */
  list: rows.list,
  /** Every number of the account in one query: the REST API's whole list. */
  all: rows.all,

  /** Adds a number to the inventory: on a customer (assigned at once) or a staff account (unassigned). */
  async create(ctx: RequestContext, input: TCreatePhoneNumberInput) {
    requireStaff(ctx.principal, "add");
    const account = await resolveActingAccount(db, ctx.principal, input.accountId);
    const number = phoneNumberInE164(input.number, account.country);
    if (number === null) throw fieldError("number", phoneNumberMessage(account.country));
    try {
      return await rows.create(ctx, { ...input, number });
    } catch (error) {
      return explainTakenNumber(error, ctx.principal, number);
    }
  },

  /**
   * Moves a number to another account in reach (`toAccountId`), or releases it to the inventory
   * above (null). Its whole route is cleared (flow, schedule and closed flow): they belong to the
   * account it leaves, and the database refuses a number routed by another account's (composite
   * foreign keys on the account). Each account's audit trail records its side only (the number
   * left, or arrived), so neither learns the other's id.
   */
  async assign(ctx: RequestContext, input: TAssignPhoneNumberInput) {
    requireStaff(ctx.principal, "assign");
    const from = await resolveActingAccount(db, ctx.principal, input.accountId);
    // As a writer of the account the number leaves; the account it reaches records its side too.
    return accountWriteTransaction(from.id, async (tx) => {
      const before = await findNumber(tx, from, input.id);
      const to =
        input.toAccountId === null
          ? await inventoryAbove(tx, ctx.principal, from)
          : await resolveActingAccount(tx, ctx.principal, input.toAccountId);
      if (to.id === from.id) {
        throw fieldError(
          "toAccountId",
          input.toAccountId === null ? "The number is not assigned to a customer" : `The number is already on ${to.name}`,
        );
      }
      await reserveWithinPlan(tx, to.id, "numbers");
      const { count } = await tx.phoneNumber.updateMany({
        where: resourceWhere(from, before.id),
        data: { accountId: to.id, ...NO_ROUTE },
      });
      if (count === 0) throw notFound("Phone number");
      const after = await findNumber(tx, to, before.id);
      const entity = { entityType: "phonenumber", entityId: before.id } as const;
      await recordChange(tx, ctx, { ...entity, accountId: from.id, action: "phonenumber.unassign", before });
      await recordChange(tx, ctx, { ...entity, accountId: to.id, action: "phonenumber.assign", after });
      return after;
    });
  },

  /** Removes a number from the inventory altogether. */
  async remove(ctx: RequestContext, input: AccountObjectRef) {
    requireStaff(ctx.principal, "remove");
    return rows.remove(ctx, input);
  },

  /**
   * The accounts a staff member can assign numbers to (its own and every account below it), a
   * page at a time by name, those whose name contains `search`.
   */
  async assignableAccounts(ctx: RequestContext, input: TAssignableAccountsInput) {
    requireStaff(ctx.principal, "assign");
    const page = pageQuery<Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>(BY_NAME, input);
    const rows = await db.account.findMany({
      where: {
        AND: [
          // ─── TENANT ISOLATION ─── only accounts within the staff member's reach ───
          accountsWithinReach(ctx.principal),
          nameContains<Prisma.AccountWhereInput>("name", input.search),
          input.exceptAccountId ? { id: { not: input.exceptAccountId } } : {},
          page.where,
        ],
      },
      select: { id: true, name: true, kind: true },
      orderBy: page.orderBy,
      take: page.take,
    });
    return pageOf(rows, BY_NAME, input.limit);
  },
};

/**
 * A staff member's number inventory: a page of the numbers of every account in its reach (its
 * own stock, its customers'), by number, each with the account holding it and whether it routes
 * anywhere (assigning or releasing it clears that route).
 */
export async function numberInventory(ctx: RequestContext, input: TNumberInventoryInput) {
  requireStaff(ctx.principal, "list the inventory of");
  const holder = input.holderId === undefined ? null : await resolveActingAccount(db, ctx.principal, input.holderId);
  const page = pageQuery<Prisma.PhoneNumberWhereInput, Prisma.PhoneNumberOrderByWithRelationInput>(BY_NUMBER, input);
  const rows = await db.phoneNumber.findMany({
    where: {
      AND: [
        // ─── TENANT ISOLATION ─── only numbers held by accounts within the staff member's reach ───
        { account: accountsWithinReach(ctx.principal) },
        holder ? { accountId: holder.id } : {},
        input.unassigned ? { account: { kind: { not: "customer" } } } : {},
        nameContains<Prisma.PhoneNumberWhereInput>("number", input.search),
        page.where,
      ],
    },
    select: {
      id: true,
      number: true,
      callFlowId: true,
      scheduleId: true,
      account: { select: { id: true, name: true, displayName: true, kind: true } },
    },
    orderBy: page.orderBy,
    take: page.take,
  });
  const { items, nextCursor } = pageOf(rows, BY_NUMBER, input.limit);
  return {
    items: items.map(({ callFlowId, scheduleId, ...number }) => ({
      ...number,
      routed: callFlowId !== null || scheduleId !== null,
    })),
    nextCursor,
  };
}

/**
 * A page of the account's phone numbers, each with its route named (flows, schedule) and the flow
 * answering it now: the Numbers page shows what callers reach without a request per number.
 */
export async function listPhoneNumbers(ctx: RequestContext, input: TListResourcesInput) {
  const account = await resolveActingAccount(db, ctx.principal, input.accountId);
  const page = await rows.list(ctx, input);
  return { ...page, items: await describeRouting(db, account, page.items) };
}
