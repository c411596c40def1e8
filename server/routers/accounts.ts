import { z } from "zod";
import {
  ZAccountId,
  ZCreateAccountUserInput,
  ZCreateCustomerInput,
  ZCreateResellerInput,
  ZRenameAccountInput,
} from "@/server/services/accounts/schemas";
import {
  createCustomer,
  createCustomerUser,
  getCustomer,
  listCustomers,
  listCustomerUsers,
  renameCustomer,
} from "@/server/services/accounts/accounts";
import { createReseller, listResellers } from "@/server/services/accounts/resellers";
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
      .input(ZOptionalListInput)
      .output(zPage(ZAccountOutput.extend({ createdAt: z.date(), customerCount: z.number(), userCount: z.number() })))
      .query(({ ctx, input }) => listResellers(ctx.request, input)),
    create: adminProcedure
      .input(ZCreateResellerInput)
      .output(ZAccountOutput)
      .mutation(({ ctx, input }) => createReseller(ctx.request, input)),
  }),
});
