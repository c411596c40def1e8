import { AppError, fieldError } from "@/server/errors";
import { toApiWebhook } from "@/server/services/representations";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookSubscriptions,
  updateWebhookSubscription,
} from "@/server/services/webhooks/webhooks";
import type { VoipCall, VoipOutcome } from "./handler";

// Webhook subscriptions of the account acted for, on top of the webhook services (which scope,
// check the URL and audit); these only translate to and from the API's snake_case JSON.

export type WebhookParams = { uuid: string };

const WRITABLE_FIELDS = new Set(["url", "events", "enabled", "subtree"]);
/** What GET returns beside them: accepted and ignored, so a subscription can be sent back whole. */
const READ_ONLY_FIELDS = new Set(["uuid", "created_on", "updated_on", "disabled_reason", "failing_since"]);

/** `{url, events, enabled, subtree}`; every problem is named by its field. */
function subscriptionFields(body: unknown, pathUuid?: string) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw fieldError("", "Send a JSON object with url, events, enabled and subtree");
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !WRITABLE_FIELDS.has(key) && !READ_ONLY_FIELDS.has(key));
  if (unknown !== undefined) throw fieldError(unknown, `"${unknown}" is not a field of a webhook subscription`);
  const { uuid } = fields;
  if (
    pathUuid !== undefined &&
    uuid !== undefined &&
    (typeof uuid !== "string" || uuid.toLowerCase() !== pathUuid.toLowerCase())
  ) {
    throw fieldError("uuid", `"uuid" must be this subscription's uuid, as in the URL, or be left out`);
  }
  const parsed = ZWebhookSubscriptionFields.safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new AppError("BAD_REQUEST", `The subscription has ${issues.length} error${issues.length === 1 ? "" : "s"}`, issues);
  }
  return parsed.data;
}

export async function listWebhooksCommand({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await listWebhookSubscriptions(ctx, { accountId })).map(toApiWebhook) };
}

/** The only answer that carries the signing secret. */
export async function createWebhookCommand({ ctx, accountId, body }: VoipCall): Promise<VoipOutcome> {
  const { subscription, secret } = await createWebhookSubscription(ctx, { accountId, fields: subscriptionFields(body) });
  return {
    status: 201,
    result: { ...toApiWebhook(subscription), secret },
    headers: { Location: `/voip/webhook/${subscription.id}` },
  };
}

export async function getWebhookCommand({ ctx, accountId, params }: VoipCall<WebhookParams>): Promise<VoipOutcome> {
  return { status: 200, result: toApiWebhook(await getWebhookSubscription(ctx, { accountId, id: params.uuid })) };
}

export async function replaceWebhookCommand({ ctx, accountId, params, body }: VoipCall<WebhookParams>): Promise<VoipOutcome> {
  const fields = subscriptionFields(body, params.uuid);
  return { status: 200, result: toApiWebhook(await updateWebhookSubscription(ctx, { accountId, id: params.uuid, fields })) };
}

export async function deleteWebhookCommand({ ctx, accountId, params }: VoipCall<WebhookParams>): Promise<VoipOutcome> {
  await deleteWebhookSubscription(ctx, { accountId, id: params.uuid });
  return { status: 204 };
}
