import { z } from "zod";
import { exportAuditCsv, queryAuditEvents } from "@/server/services/audit/query";
import { ZAuditFilter, ZAuditQueryInput } from "@/server/services/audit/schemas";
import { verifyAuditChain } from "@/server/services/audit/verify";
import { router } from "@/server/trpc/init";
import { adminProcedure, signedInProcedure } from "@/server/trpc/procedures";

// Anyone signed in reads the events of the accounts in their reach: admins everything, a
// reseller its own tree, a customer its own account.

const ZAuditEventOutput = z.object({
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
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string(),
  userAgent: z.string(),
  channel: z.string(),
});

export const auditRouter = router({
  query: signedInProcedure
    .input(ZAuditQueryInput)
    .output(z.object({ items: z.array(ZAuditEventOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => queryAuditEvents(ctx.actor, input)),
  /** `truncated` when more events matched than one export holds. */
  exportCsv: signedInProcedure
    .input(ZAuditFilter)
    .output(z.object({ csv: z.string(), rows: z.number(), truncated: z.boolean() }))
    .query(({ ctx, input }) => exportAuditCsv(ctx.actor, input)),
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
