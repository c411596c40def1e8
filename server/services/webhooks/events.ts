import type { CallFlow } from "@/server/generated/prisma/client";
import type { AuditChange } from "../audit/record";
import { toApiCallFlow, toApiNumber, toApiSchedule } from "../representations";
import type { WebhookEventType } from "./event-types";

/** A flow that was never live is absent from the REST API: its event names it and shows nothing of it. */
function shownFlow(flow: CallFlow) {
  return flow.published ? toApiCallFlow(flow) : { uuid: flow.id };
}

// ─── AUDIT ACTIONS → WEBHOOK EVENTS ─── the one table that says which change is which event,
// and what its `data` shows: the object as the REST API shows it (services/representations.ts),
// made from the row the write holds (the row it leaves; for a delete, the row as it last was).
// Every change is recorded (server/services/audit/record.ts), so the audit action is where
// webhooks learn about it; actions not listed here send nothing. `show: null`: the event shows
// the audit event's `after`.
const EVENT_OF_ACTION = {
  "callflow.create": { type: "callflow.created", show: shownFlow },
  // A copy and a restored version change the flows callers reach like any create and save.
  "callflow.duplicate": { type: "callflow.created", show: shownFlow },
  "callflow.update": { type: "callflow.updated", show: shownFlow },
  "callflow.restore": { type: "callflow.updated", show: shownFlow },
  "callflow.delete": { type: "callflow.deleted", show: shownFlow },
  "callflow.publish": { type: "callflow.published", show: shownFlow },
  "phonenumber.route": { type: "number.routed", show: toApiNumber },
  "schedule.update": { type: "schedule.updated", show: toApiSchedule },
  "schedule.override": { type: "schedule.override_changed", show: toApiSchedule },
  "template.apply": { type: "template.applied", show: null },
} as const satisfies Record<string, { type: WebhookEventType; show: ((row: never) => unknown) | null }>;

type EventAction = keyof typeof EVENT_OF_ACTION;

/**
 * What a change of `Action` passes besides the change itself: the row its webhook event shows,
 * or nothing for an action whose event shows the audit record (or that has no event).
 */
export type ShownRow<Action extends string> = Action extends EventAction
  ? (typeof EVENT_OF_ACTION)[Action]["show"] extends (row: infer Row) => unknown
    ? [row: Row]
    : []
  : [];

function isEventAction(action: string): action is EventAction {
  return Object.hasOwn(EVENT_OF_ACTION, action);
}

/** The webhook event type of an audit action, or null when it sends none. */
export function webhookEventTypeOf(action: string): WebhookEventType | null {
  return isEventAction(action) ? EVENT_OF_ACTION[action].type : null;
}

/** A change's event `data`, from the row the write holds (see ShownRow): nothing is read. */
export function eventDataOf(change: AuditChange, row: unknown): unknown {
  const show = isEventAction(change.action) ? EVENT_OF_ACTION[change.action].show : null;
  if (show !== null) return (show as (shown: unknown) => unknown)(row);
  return { uuid: change.entityId, ...(typeof change.after === "object" && change.after !== null ? change.after : {}) };
}

/** The events of one object reach a subscriber in the order they happened. */
export function objectKeyOf(change: Pick<AuditChange, "entityType" | "entityId">): string {
  return `${change.entityType}:${change.entityId}`;
}
