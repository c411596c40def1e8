import { z } from "zod";
import { dailyApiUsage } from "@/server/services/usage/usage";
import { ZUsageRange } from "@/server/services/usage/schemas";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

export const usageRouter = router({
  /** REST API commands per account per day, for the accounts within the caller's reach. */
  daily: signedInProcedure
    .input(ZUsageRange)
    .output(
      z.array(
        z.object({ accountId: z.string().nullable(), accountName: z.string().nullable(), day: z.string(), requests: z.number() }),
      ),
    )
    .query(({ ctx, input }) => dailyApiUsage(ctx.request, input)),
});
