import { z } from "zod";
import type { TFlowMap } from "@/server/domain/call-flow";
import { compareCallFlowVersions, callFlowHistory, restoreCallFlowVersion } from "@/server/services/call-flows/history";
import {
  ZCallFlowAccountInput,
  ZCallFlowHistoryInput,
  ZCallFlowRefInput,
  ZCreateCallFlowInput,
  ZDeleteCallFlowInput,
  ZCompareCallFlowVersionsInput,
  ZDuplicateCallFlowInput,
  ZListCallFlowsInput,
  ZRestoreCallFlowInput,
  ZUpdateCallFlowInput,
  ZValidateCallFlowInput,
} from "@/server/services/call-flows/schemas";
import { searchCallFlows } from "@/server/services/call-flows/search";
import { zPage } from "@/server/services/paging";
import {
  createCallFlow,
  deleteCallFlow,
  duplicateCallFlow,
  getCallFlow,
  nextCallFlowExtension,
  updateCallFlow,
} from "@/server/services/call-flows/call-flows";
import { checkCallFlow } from "@/server/services/call-flows/validation";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Every procedure names the account it acts for; the services resolve it within the actor's
// reach, so another tenant's account or flow is NOT_FOUND.

/** Every saved flow passed validation, so it is a flow map. Passed on as stored: parsing it
 * again would cost time and rebuild every module in the schema's key order. */
const ZStoredFlowMap = z.unknown().transform((flow) => flow as TFlowMap);

const ZCallFlowOutput = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  extension: z.number(),
  flow: ZStoredFlowMap,
  showCallRouteName: z.boolean(),
  showOriginalCallerId: z.boolean(),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ZCallFlowSummary = ZCallFlowOutput.omit({ accountId: true, flow: true }).extend({
  /** False for a flow that exists only as a draft (no phone number can route to it yet). */
  published: z.boolean(),
  hasDraft: z.boolean(),
  lastChangedBy: z.string().nullable(),
  warningCount: z.number(),
});

const ZIssue = z.object({ path: z.string(), message: z.string() });

const ZRevisionOutput = z.object({
  version: z.number(),
  name: z.string(),
  extension: z.number(),
  createdAt: z.date(),
  createdByLabel: z.string(),
  restoredFromVersion: z.number().nullable(),
});

/** A saved version's document, as stored. */
const ZVersionDocument = z.object({
  name: z.string(),
  extension: z.number(),
  flow: ZStoredFlowMap,
  show_call_route_name: z.boolean(),
  show_original_caller_id: z.boolean(),
});

export const callFlowsRouter = router({
  list: signedInProcedure
    .input(ZListCallFlowsInput)
    .output(zPage(ZCallFlowSummary))
    .query(({ ctx, input }) => searchCallFlows(ctx.request, input)),
  get: signedInProcedure
    .input(ZCallFlowRefInput)
    .output(ZCallFlowOutput)
    .query(({ ctx, input }) => getCallFlow(ctx.request, input)),
  create: signedInProcedure
    .input(ZCreateCallFlowInput)
    .output(ZCallFlowOutput)
    .mutation(({ ctx, input }) => createCallFlow(ctx.request, input)),
  update: signedInProcedure
    .input(ZUpdateCallFlowInput)
    .output(ZCallFlowOutput)
    .mutation(({ ctx, input }) => updateCallFlow(ctx.request, input)),
  delete: signedInProcedure
    .input(ZDeleteCallFlowInput)
    .output(ZCallFlowOutput)
    // The portal deletes draft-only flows too (the REST API does not see them).
    .mutation(({ ctx, input }) =>
      deleteCallFlow(ctx.request, {
        accountId: input.accountId,
        id: input.id,
        expectedVersion: input.expectedVersion,
        visibility: "any",
      }),
    ),
  duplicate: signedInProcedure
    .input(ZDuplicateCallFlowInput)
    .output(ZCallFlowOutput)
    .mutation(({ ctx, input }) => duplicateCallFlow(ctx.request, input)),
  /** Null when every extension of the account's range is in use. */
  nextExtension: signedInProcedure
    .input(ZCallFlowAccountInput)
    .output(z.number().nullable())
    .query(({ ctx, input }) => nextCallFlowExtension(ctx.request, input)),
  // A mutation although it saves nothing: a whole flow does not fit in a GET request's URL.
  validate: signedInProcedure
    .input(ZValidateCallFlowInput)
    .output(z.object({ errors: z.array(ZIssue), warnings: z.array(ZIssue) }))
    .mutation(({ ctx, input }) =>
      checkCallFlow(ctx.request, { accountId: input.accountId, document: input.document, flowId: input.id }),
    ),
  /** The newest `limit` versions (100 by default), or those before `beforeVersion`. */
  history: signedInProcedure
    .input(ZCallFlowHistoryInput)
    .output(z.array(ZRevisionOutput))
    .query(({ ctx, input }) => callFlowHistory(ctx.request, input)),
  /** Two versions whole: the portal shows what changed between them by name. */
  compare: signedInProcedure
    .input(ZCompareCallFlowVersionsInput)
    .output(z.object({ before: ZVersionDocument, after: ZVersionDocument }))
    .query(({ ctx, input }) => compareCallFlowVersions(ctx.request, input)),
  restore: signedInProcedure
    .input(ZRestoreCallFlowInput)
    .output(ZCallFlowOutput)
    .mutation(({ ctx, input }) => restoreCallFlowVersion(ctx.request, input)),
});
