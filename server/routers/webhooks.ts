import { z } from "zod";
import {
  ZCreateWebhookInput,
  ZReplayDeliveryInput,
  ZUpdateWebhookInput,
  ZWebhookAccountInput,
  ZWebhookRefInput,
} from "@/server/services/webhooks/schemas";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  listDeliveries,
  listWebhookSubscriptions,
  replayDelivery,
  sendTestEvent,
  updateWebhookSubscription,
} from "@/server/services/webhooks/webhooks";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Webhook subscriptions of the account acted for. The services resolve it within the actor's
// reach, so another tenant's subscription or delivery is NOT_FOUND. Outputs list their fields:
// the secret leaves only through `create`.

const ZSubscriptionOutput = z.object({
  id: z.string(),
  accountId: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  subtree: z.boolean(),
  failingSince: z.date().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.date(),
});

const ZDeliveryOutput = z.object({
  id: z.string(),
  eventType: z.string(),
  objectKey: z.string(),
  /** "pending", "delivered" or "failed". */
  status: z.string(),
  attempts: z.number(),
  createdAt: z.date(),
  nextAttemptAt: z.date(),
  finishedAt: z.date().nullable(),
  attemptLog: z.array(
    z.object({
      attempt: z.number(),
      at: z.date(),
      statusCode: z.number().nullable(),
      latencyMs: z.number(),
      error: z.string().nullable(),
      responseBody: z.string(),
    }),
  ),
});

export const webhooksRouter = router({
  list: signedInProcedure
    .input(ZWebhookAccountInput)
    .output(z.array(ZSubscriptionOutput))
    .query(({ ctx, input }) => listWebhookSubscriptions(ctx.request, input)),
  /** The only answer that ever carries the secret. */
  create: signedInProcedure
    .input(ZCreateWebhookInput)
    .output(ZSubscriptionOutput.extend({ secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { subscription, secret } = await createWebhookSubscription(ctx.request, {
        accountId: input.accountId,
        fields: input.subscription,
      });
      return { ...subscription, secret };
    }),
  update: signedInProcedure
    .input(ZUpdateWebhookInput)
    .output(ZSubscriptionOutput)
    .mutation(({ ctx, input }) =>
      updateWebhookSubscription(ctx.request, { accountId: input.accountId, id: input.id, fields: input.subscription }),
    ),
  delete: signedInProcedure
    .input(ZWebhookRefInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: (await deleteWebhookSubscription(ctx.request, input)).id })),
  sendTest: signedInProcedure
    .input(ZWebhookRefInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: (await sendTestEvent(ctx.request, input)).id })),
  deliveries: signedInProcedure
    .input(ZWebhookRefInput)
    .output(z.array(ZDeliveryOutput))
    .query(({ ctx, input }) => listDeliveries(ctx.request, input)),
  replay: signedInProcedure
    .input(ZReplayDeliveryInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: (await replayDelivery(ctx.request, input)).id })),
});
