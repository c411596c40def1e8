import { z } from "zod";
import {
  ZCreateAccountUserInput,
  ZCreateCustomerInput,
  ZCreateResellerInput,
  ZRenameAccountInput,
} from "@/server/services/accounts/schemas";
import { createCustomer, createCustomerUser, getCustomer, listCustomers, renameCustomer } from "@/server/services/accounts/customers";
import { createReseller, listResellers } from "@/server/services/accounts/resellers";
import { router } from "@/server/trpc/init";
import { adminProcedure, resellerProcedure, signedInProcedure } from "@/server/trpc/procedures";

const ZRole = z.enum(["admin", "reseller", "customer"]);

const ZAccountOutput = z.object({ id: z.string(), name: z.string(), contactName: z.string() });

const ZUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  createdAt: z.date(),
});

const ZCustomerSummary = ZAccountOutput.extend({
  createdAt: z.date(),
  _count: z.object({ users: z.number() }),
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
    list: resellerProcedure.output(z.array(ZCustomerSummary)).query(({ ctx }) => listCustomers(ctx.actor)),
    get: resellerProcedure
      .input(z.object({ id: z.string() }))
      .output(ZCustomerSummary.extend({ users: z.array(ZUserOutput) }))
      .query(({ ctx, input }) => getCustomer(ctx.actor, input.id)),
    create: resellerProcedure
      .input(ZCreateCustomerInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => createCustomer(ctx.request, input)),
    rename: resellerProcedure
      .input(ZRenameAccountInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => renameCustomer(ctx.request, input)),
    createUser: resellerProcedure
      .input(ZCreateAccountUserInput)
      .output(ZUserOutput)
      .mutation(({ ctx, input }) => createCustomerUser(ctx.request, input)),
  }),

  resellers: router({
    list: adminProcedure
      .output(
        z.array(ZAccountOutput.extend({ createdAt: z.date(), customerCount: z.number(), userCount: z.number() })),
      )
      .query(({ ctx }) => listResellers(ctx.actor)),
    create: adminProcedure
      .input(ZCreateResellerInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => createReseller(ctx.request, input)),
  }),
});
