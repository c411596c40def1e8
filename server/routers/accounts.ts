import { z } from "zod";
import {
  ZAccountId,
  ZCreateAccountUserInput,
  ZCreateCustomerInput,
  ZCreateResellerInput,
  ZRenameAccountInput,
  ZSetCustomerPlanInput,
  ZSetCustomerStatusInput,
} from "@/server/services/accounts/schemas";
import { deleteCustomer, setCustomerPlan, setCustomerStatus } from "@/server/services/accounts/customer-changes";
import { usageOfAccount } from "@/server/services/plans/limits";
import {
  createCustomer,
  createCustomerUser,
  getCustomer,
  listCustomers,
  listCustomerUsers,
  renameCustomer,
} from "@/server/services/accounts/accounts";
import { createReseller, listResellers, setResellerPlan } from "@/server/services/accounts/resellers";
import { ZListInput, ZOptionalListInput, zPage } from "@/server/services/paging";
import { router } from "@/server/trpc/init";
import { adminProcedure, resellerProcedure, signedInProcedure } from "@/server/trpc/procedures";

const ZRole = z.enum(["admin", "reseller", "customer"]);

const ZAccountOutput = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  contactName: z.string(),
  country: z.string(),
});

const ZUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  createdAt: z.date(),
});

const ZCustomerSummary = ZAccountOutput.extend({
  contactEmail: z.string(),
  status: z.enum(["active", "suspended"]),
  planId: z.string().nullable(),
  plan: z.object({ name: z.string() }).nullable(),
  createdAt: z.date(),
  _count: z.object({ users: z.number() }),
});

const ZCustomerOutput = ZAccountOutput.extend({
  status: z.enum(["active", "suspended"]),
  planId: z.string().nullable(),
});

const ZUsage = z.object({
  plan: z
    .object({
      name: z.string(),
      modules: z.array(z.string()).nullable(),
      limits: z.record(z.string(), z.number().nullable()),
    })
    .nullable(),
  usage: z.array(
    z.object({
      limit: z.string(),
      used: z.number(),
      max: z.number().nullable(),
      text: z.string(),
      full: z.boolean(),
      over: z.boolean(),
    }),
  ),
});

export const accountsRouter = router({
  me: signedInProcedure
    .output(
      z.object({
        userId: z.string(),
        email: z.string(),
        displayName: z.string(),
        role: ZRole,
        account: z.object({ id: z.string(), name: z.string(), kind: z.enum(["platform", "reseller", "customer"]) }),
      }),
    )
    .query(({ ctx: { actor } }) => ({
      userId: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      role: actor.role,
      account: { id: actor.accountId, name: actor.accountName, kind: actor.accountKind },
    })),

  customers: router({
    list: resellerProcedure
      .input(ZOptionalListInput)
      .output(zPage(ZCustomerSummary))
      .query(({ ctx, input }) => listCustomers(ctx.request, input)),
    get: resellerProcedure
      .input(z.object({ id: z.string() }))
      .output(ZCustomerSummary)
      .query(({ ctx, input }) => getCustomer(ctx.request, input)),
    /** A customer's users, by email; `search` is part of an email or a name. */
    users: resellerProcedure
      .input(ZListInput.extend({ accountId: ZAccountId }))
      .output(zPage(ZUserOutput))
      .query(({ ctx, input }) => listCustomerUsers(ctx.request, input)),
    create: resellerProcedure
      .input(ZCreateCustomerInput)
      .output(
        ZAccountOutput.extend({
          owner: z.object({ email: z.string(), link: z.string(), expiresAt: z.date(), mailed: z.boolean() }).nullable(),
        }),
      )
      .mutation(({ ctx, input }) => createCustomer(ctx.request, input)),
    setPlan: resellerProcedure
      .input(ZSetCustomerPlanInput)
      .output(ZCustomerOutput)
      .mutation(({ ctx, input }) => setCustomerPlan(ctx.request, input)),
    /** Suspending stops the customer's sign-ins and API users at their next request. */
    setStatus: resellerProcedure
      .input(ZSetCustomerStatusInput)
      .output(ZCustomerOutput)
      .mutation(({ ctx, input }) => setCustomerStatus(ctx.request, input)),
    /** A suspended customer, with everything it owns; its numbers return to the reseller's inventory. */
    delete: resellerProcedure
      .input(z.object({ id: ZAccountId }))
      .output(z.object({ id: z.string() }))
      .mutation(async ({ ctx, input }) => {
        await deleteCustomer(ctx.request, input);
        return { id: input.id };
      }),
    rename: resellerProcedure
      .input(ZRenameAccountInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => renameCustomer(ctx.request, input)),
    createUser: resellerProcedure
      .input(ZCreateAccountUserInput)
      .output(ZUserOutput)
      .mutation(({ ctx, input }) => createCustomerUser(ctx.request, input)),
  }),

  /** What an account in reach uses against its plan's limits ("3 of 5 call flows"). */
  usage: signedInProcedure
    .input(z.object({ accountId: ZAccountId }))
    .output(ZUsage)
    .query(({ ctx, input }) => usageOfAccount(ctx.request, input)),

  resellers: router({
    list: adminProcedure
      .input(ZOptionalListInput)
      .output(
        zPage(
          ZAccountOutput.extend({
            planId: z.string().nullable(),
            createdAt: z.date(),
            customerCount: z.number(),
            userCount: z.number(),
          }),
        ),
      )
      .query(({ ctx, input }) => listResellers(ctx.request, input)),
    create: adminProcedure
      .input(ZCreateResellerInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => createReseller(ctx.request, input)),
    /** Gives a reseller one of the platform's plans (its `customers` limit caps the reseller's customers). */
    setPlan: adminProcedure
      .input(ZSetCustomerPlanInput)
      .output(z.object({ id: z.string(), planId: z.string().nullable() }))
      .mutation(({ ctx, input }) => setResellerPlan(ctx.request, input)),
  }),
});
