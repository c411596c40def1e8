import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import type { InAccount } from "../acting-account";
import { queryAuditEvents } from "./audit";

// An account's latest changes in words, for its home page: "owner@acme.example published the
// call flow "Call Pete"". Names come from the events' own snapshots, so a deleted object is
// still named as it was; the flows that still exist are linked.

/** How each kind of object is called in a sentence. */
const NOUNS: Record<string, string> = {
  callflow: "the call flow",
  phonenumber: "the number",
  schedule: "the schedule",
  sound: "the sound",
  playlist: "the playlist",
  sipuser: "the SIP user",
  huntgroup: "the hunt group",
  mailbox: "the mailbox",
  trunk: "the trunk",
  user: "the user",
  apicredential: "the API user",
  webhook: "the webhook",
  template: "the template",
  account: "the account",
};

/** What was done, by the action's last part; the object's noun follows. */
const VERBS: Record<string, string> = {
  create: "added",
  update: "changed",
  delete: "deleted",
  publish: "published",
  draft_create: "started a draft of",
  draft_discard: "discarded the draft of",
  layout: "rearranged",
  publish_schedule: "scheduled the publishing of",
  publish_unschedule: "cancelled the scheduled publishing of",
  publish_schedule_fail: "could not publish, as scheduled,",
  route: "routed",
  assign: "received",
  unassign: "gave away",
  override: "switched by hand",
  apply: "applied",
  invite: "invited",
  revoke: "revoked",
  replay: "replayed",
  test: "tested",
};

/** "added the call flow", or the action as recorded when it is one of no sentence here. */
function wordsOf(action: string, entityType: string): string {
  const verb = VERBS[action.slice(action.indexOf(".") + 1)];
  const noun = NOUNS[entityType];
  return verb && noun ? `${verb} ${noun}` : action;
}

export type RecentChange = {
  id: string;
  occurredAt: Date;
  actor: string;
  /** "published the call flow": the sentence's verb and noun, its object's name follows. */
  words: string;
  /** What the object was called at the change (a number's digits, a user's email); empty when unknown. */
  name: string;
  /** The call flow it changed, when the flow still exists: the page links to it. */
  flowId: string | null;
};

/** The object's name as the event's snapshot holds it: after the change, else before it. */
async function snapshotNames(eventIds: string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const name = (snapshot: string) =>
    Prisma.raw(`COALESCE(${snapshot}->>'name', ${snapshot}->>'number', ${snapshot}->>'email', ${snapshot}->>'url')`);
  const rows = await db.$queryRaw<{ id: string; name: string | null }[]>`
    SELECT id::text AS id, COALESCE(${name('"after"')}, ${name('"before"')}) AS name FROM "AuditEvent"
    WHERE id IN (${Prisma.join(eventIds.map((id) => BigInt(id)))})`;
  return new Map(rows.map((row) => [row.id, row.name ?? ""]));
}

/** The account's last `limit` changes, newest first, as the audit trail shows them to the principal (staff masked for customers). */
export async function recentChanges(
  ctx: RequestContext,
  { accountId, limit }: InAccount & { limit: number },
): Promise<RecentChange[]> {
  const { items } = await queryAuditEvents(ctx, { accountId, includeDescendants: false, limit });
  const names = await snapshotNames(items.map((event) => event.id));
  const flowIds = items.filter((event) => event.entityType === "callflow").map((event) => event.entityId);
  const flows =
    flowIds.length === 0 ? [] : await db.callFlow.findMany({ where: { id: { in: flowIds }, accountId }, select: { id: true } });
  const existing = new Set(flows.map((flow) => flow.id));
  return items.map((event) => ({
    id: event.id,
    occurredAt: event.occurredAt,
    actor: event.actorLabel,
    words: wordsOf(event.action, event.entityType),
    name: names.get(event.id) ?? "",
    flowId: existing.has(event.entityId) ? event.entityId : null,
  }));
}
