import { z } from "zod";
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from "@/server/services/plans/plans";
import { ZPlanDocument, ZPlanId } from "@/server/services/plans/schemas";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Plans of the signed-in user's own account: a reseller's for its customers, the platform's for
// resellers. Customers have none (FORBIDDEN, from the service).

const ZPlanOutput = z.object({
  id: z.string(),
  name: z.string(),
  limits: z.record(z.string(), z.number().nullable()),
  modules: z.array(z.string()).readonly().nullable(),
  version: z.number(),
  accountCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const plansRouter = router({
  list: signedInProcedure.output(z.array(ZPlanOutput)).query(({ ctx }) => listPlans(ctx.request)),
  get: signedInProcedure
    .input(z.object({ id: ZPlanId }))
    .output(ZPlanOutput)
    .query(({ ctx, input }) => getPlan(ctx.request, input)),
  create: signedInProcedure
    .input(ZPlanDocument)
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => createPlan(ctx.request, { document: input })),
  update: signedInProcedure
    .input(z.object({ id: ZPlanId, document: ZPlanDocument }))
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => updatePlan(ctx.request, input)),
  delete: signedInProcedure
    .input(z.object({ id: ZPlanId }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deletePlan(ctx.request, input);
      return { id: input.id };
    }),
});
