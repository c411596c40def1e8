import type { Tx } from "@/server/db";
import { toApiCallFlow, toApiNumber, toApiSchedule } from "../representations";
import type { AuditChange } from "../audit/record";
import type { WebhookEventType } from "./event-types";

// ─── AUDIT ACTIONS → WEBHOOK EVENTS ─── the one table that says which change is which event. ───
// Every change is audited (server/services/audit/record.ts), so the audit action is where
// webhooks learn about it; actions not listed here send nothing.
const EVENT_OF_ACTION: Readonly<Record<string, WebhookEventType>> = {
  "callflow.create": "callflow.created",
  // A copy and a restored version change the flows callers reach like any create and save.
  "callflow.duplicate": "callflow.created",
  "callflow.update": "callflow.updated",
  "callflow.restore": "callflow.updated",
  "callflow.delete": "callflow.deleted",
  "callflow.publish": "callflow.published",
  "phonenumber.route": "number.routed",
  "schedule.update": "schedule.updated",
  "schedule.override": "schedule.override_changed",
  "template.apply": "template.applied",
};

export function webhookEventOf(action: string): WebhookEventType | null {
  return EVENT_OF_ACTION[action] ?? null;
}

/** The events of one object reach a subscriber in the order they happened. */
export function objectKeyOf(change: Pick<AuditChange, "entityType" | "entityId">): string {
  return `${change.entityType}:${change.entityId}`;
}

/**
 * An event's `data`: the object as the REST API shows it, read in the change's transaction, so
 * it is exactly what the change wrote. A deleted flow is shown as it last was (its last revision).
 */
export async function eventData(tx: Tx, change: AuditChange): Promise<unknown> {
  switch (change.entityType) {
    case "callflow": {
      const flow = await tx.callFlow.findUnique({ where: { id: change.entityId } });
      return flow ? toApiCallFlow(flow) : deletedCallFlow(tx, change.entityId);
    }
    case "phonenumber": {
      const number = await tx.phoneNumber.findUnique({ where: { id: change.entityId } });
      return number ? toApiNumber(number) : null;
    }
    case "schedule": {
      const schedule = await tx.schedule.findUnique({ where: { id: change.entityId } });
      return schedule ? toApiSchedule(schedule) : null;
    }
    default:
      return { uuid: change.entityId, ...(typeof change.after === "object" && change.after !== null ? change.after : {}) };
  }
}

async function deletedCallFlow(tx: Tx, id: string) {
  const [first, last] = await Promise.all([
    tx.callFlowRevision.findFirst({ where: { callFlowId: id }, orderBy: { version: "asc" }, select: { createdAt: true } }),
    tx.callFlowRevision.findFirst({ where: { callFlowId: id }, orderBy: { version: "desc" } }),
  ]);
  if (!first || !last) return { uuid: id };
  return toApiCallFlow({
    ...last,
    id,
    accountId: last.accountId,
    createdAt: first.createdAt,
    updatedAt: last.createdAt,
    version: last.version,
    // Revisions are written when a version goes live, so the last one was published.
    published: true,
  });
}
