// The webhook event types, pure and browser-safe: the portal's checkboxes, the REST body's
// validation and the outbox all read this list.

export const WEBHOOK_EVENT_TYPES = [
  "callflow.created",
  "callflow.updated",
  "callflow.deleted",
  "callflow.published",
  "number.routed",
  "schedule.updated",
  "schedule.override_changed",
  "template.applied",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "Send test event", to the one subscription asked; nobody subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";
