import { toApiWebhook } from "@/server/services/representations";
import { type TWebhookSubscriptionFields, ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookSubscriptions,
  updateWebhookSubscription,
} from "@/server/services/webhooks/webhooks";
import { WEBHOOK_READ_ONLY_FIELDS, ZWebhookFields } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// Webhook subscriptions of the account acted for, on top of the webhook services (which scope,
// check the URL and audit); these only translate to and from the API's snake_case JSON.

export type WebhookParams = { uuid: string };

/** POST and PUT: `{url, events, enabled, subtree}`, as tRPC and the portal's form take them. A
 * subscription read with GET can be sent back whole. */
export const WEBHOOK_BODY = restBody({
  what: "webhook subscription",
  name: "WebhookSubscriptionDocument",
  schema: ZWebhookSubscriptionFields,
  documentedAs: ZWebhookFields,
  readOnly: WEBHOOK_READ_ONLY_FIELDS,
});

export async function listWebhooksCommand({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await listWebhookSubscriptions(ctx, { accountId })).map(toApiWebhook) };
}

/** The only answer that carries the signing secret. */
export async function createWebhookCommand({ ctx, accountId, body }: BodyCall<TWebhookSubscriptionFields>): Promise<VoipOutcome> {
  const { subscription, secret } = await createWebhookSubscription(ctx, { accountId, fields: body });
  return {
    status: 201,
    result: { ...toApiWebhook(subscription), secret },
    headers: { Location: `/voip/webhook/${subscription.id}` },
  };
}

export async function getWebhookCommand({ ctx, accountId, params }: VoipCall<WebhookParams>): Promise<VoipOutcome> {
  return { status: 200, result: toApiWebhook(await getWebhookSubscription(ctx, { accountId, id: params.uuid })) };
}

export async function replaceWebhookCommand({
  ctx,
  accountId,
  params,
  body,
}: BodyCall<TWebhookSubscriptionFields, WebhookParams>): Promise<VoipOutcome> {
  const subscription = await updateWebhookSubscription(ctx, { accountId, id: params.uuid, fields: body });
  return { status: 200, result: toApiWebhook(subscription) };
}

export async function deleteWebhookCommand({ ctx, accountId, params }: VoipCall<WebhookParams>): Promise<VoipOutcome> {
  await deleteWebhookSubscription(ctx, { accountId, id: params.uuid });
  return { status: 204 };
}
