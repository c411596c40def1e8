import { z } from "zod";
import { ZAccountId } from "../accounts/schemas";
import { WEBHOOK_EVENT_TYPES } from "./event-types";

// Shared by the tRPC inputs, the REST body and the portal's form, so a rule is written once.

const ZWebhookUrl = z
  .string("url must be a string")
  .trim()
  .min(1, "url is required")
  .max(2000, "url must be at most 2000 characters");

const ZWebhookEvents = z
  .array(
    z.enum(WEBHOOK_EVENT_TYPES, `events must be among ${WEBHOOK_EVENT_TYPES.join(", ")}`),
    "events must be a list of event types",
  )
  .min(1, "events must name at least one event type")
  .transform((events) => [...new Set(events)]);

/** What a subscription is, as the portal and the REST API write it; left-out switches take their defaults. */
export const ZWebhookSubscriptionFields = z.object({
  url: ZWebhookUrl,
  events: ZWebhookEvents,
  enabled: z.boolean("enabled must be true or false").default(true),
  subtree: z.boolean("subtree must be true or false").default(false),
});
export type TWebhookSubscriptionFields = z.infer<typeof ZWebhookSubscriptionFields>;

const ZSubscriptionId = z.string().min(1, "Subscription is required");

export const ZWebhookAccountInput = z.object({ accountId: ZAccountId });
export const ZWebhookRefInput = z.object({ accountId: ZAccountId, id: ZSubscriptionId });
export const ZCreateWebhookInput = z.object({ accountId: ZAccountId, subscription: ZWebhookSubscriptionFields });
export const ZUpdateWebhookInput = z.object({
  accountId: ZAccountId,
  id: ZSubscriptionId,
  subscription: ZWebhookSubscriptionFields,
});
export const ZReplayDeliveryInput = z.object({ accountId: ZAccountId, deliveryId: z.string().min(1, "Delivery is required") });
