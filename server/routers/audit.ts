import { z } from "zod";
import { auditEventDetail, queryAuditEvents } from "@/server/services/audit/audit";
import { auditAccountChoices, auditActorChoices } from "@/server/services/audit/filters";
import { recentChanges } from "@/server/services/audit/recent-changes";
import { ZOptionalListInput, zPage } from "@/server/services/paging";
import { ZAuditEventInput, ZAuditQueryInput, ZRecentChangesInput } from "@/server/services/audit/schemas";
import { verifyAuditChain } from "@/server/services/audit/verify";
import { router } from "@/server/trpc/init";
import { adminProcedure, signedInProcedure } from "@/server/trpc/procedures";

// Anyone signed in reads the events of the accounts in their reach: admins everything, a
// reseller its own tree, a customer its own account. Pages carry summaries; an event's before
// and after (up to two 256 KB flows) come with `event`, when it is opened. The CSV export is a
// download, not a procedure: GET /api/audit/export (app/api/audit/export/route.ts).

const ZAuditSummaryOutput = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actorUserId: z.string().nullable(),
  actorApiCredentialId: z.string().nullable(),
  actorLabel: z.string(),
  actorAccountId: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** What the subject is called (now, or last before it was deleted); null when nothing says. */
  entityName: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string(),
  channel: z.string(),
});

const ZAuditEventOutput = ZAuditSummaryOutput.extend({
  before: z.unknown(),
  after: z.unknown(),
  /** The objects named by uuid in before and after that still exist, by name. */
  names: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const auditRouter = router({
  query: signedInProcedure
    .input(ZAuditQueryInput)
    .output(z.object({ items: z.array(ZAuditSummaryOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => queryAuditEvents(ctx.request, input)),
  event: signedInProcedure
    .input(ZAuditEventInput)
    .output(ZAuditEventOutput)
    .query(({ ctx, input }) => auditEventDetail(ctx.request, input)),
  /** The audit filter's suggestions: accounts in reach, by handle or display name. */
  accounts: signedInProcedure
    .input(ZOptionalListInput)
    .output(zPage(z.object({ id: z.string(), name: z.string(), displayName: z.string() })))
    .query(({ ctx, input }) => auditAccountChoices(ctx.request, input)),
  /** The audit filter's suggestions: people in reach, by email or name. */
  actors: signedInProcedure
    .input(ZOptionalListInput)
    .output(zPage(z.object({ id: z.string(), email: z.string(), displayName: z.string() })))
    .query(({ ctx, input }) => auditActorChoices(ctx.request, input)),
  /** An account's latest changes in words (its home page), the flows they changed linked. */
  recentChanges: signedInProcedure
    .input(ZRecentChangesInput)
    .output(
      z.array(
        z.object({
          id: z.string(),
          occurredAt: z.date(),
          actor: z.string(),
          words: z.string(),
          name: z.string(),
          flowId: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => recentChanges(ctx.request, input)),
  verifyChain: adminProcedure
    .output(
      z.object({
        checkedEvents: z.number(),
        accounts: z.number(),
        firstBreak: z.object({ eventId: z.string(), accountId: z.string(), reason: z.string() }).nullable(),
      }),
    )
    .query(() => verifyAuditChain()),
});
