import { z } from "zod";
import { CALL_OUTCOMES } from "@/server/domain/calls/call-input";
import { callOverview, flowCallStats, getCallWithFlow, listCalls } from "@/server/services/calls/calls";
import { flowCallVersions, flowOutcomesByDay } from "@/server/services/calls/flow-analytics";
import {
  ZCallListInput,
  ZCallOverviewInput,
  ZCallRef,
  ZFlowStatsInput,
  ZFlowVersionsInput,
} from "@/server/services/calls/schemas";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// The call history of the account acted for (and the accounts below it), as the switch reported
// it (POST /voip/call). The services resolve the account within the actor's reach, so another
// tenant's call or flow is NOT_FOUND. Outputs name flows and accounts for the pages.

const ZCallSummaryOutput = z.object({
  accountId: z.string(),
  accountName: z.string(),
  callId: z.string(),
  flowId: z.string(),
  flowName: z.string().nullable(),
  flowVersion: z.number(),
  number: z.string().nullable(),
  caller: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date(),
  outcome: z.enum(CALL_OUTCOMES),
});

const ZStepOutput = z.object({
  module: z.string(),
  at: z.string(),
  route: z.string().optional(),
  unknown_module: z.literal(true).optional(),
});

const ZStatsOutput = z.object({
  calls: z.number(),
  outcomes: z.partialRecord(z.enum(CALL_OUTCOMES), z.number()),
  median_duration_s: z.number().nullable(),
  modules: z.record(
    z.string(),
    z.object({ entered: z.number(), ended_here: z.number(), routes: z.record(z.string(), z.number()) }),
  ),
});

export const callsRouter = router({
  /** One page of calls, newest first, by date range, flow, number, caller and outcome. */
  list: signedInProcedure
    .input(ZCallListInput)
    .output(z.object({ items: z.array(ZCallSummaryOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listCalls(ctx.request, input)),
  /** One call with its steps, and the document of the flow version it ran on (to name its modules). */
  get: signedInProcedure
    .input(ZCallRef)
    .output(
      z.object({
        call: ZCallSummaryOutput.extend({ steps: z.array(ZStepOutput) }),
        flow: z.record(z.string(), z.record(z.string(), z.unknown())).nullable(),
      }),
    )
    .query(({ ctx, input }) => getCallWithFlow(ctx.request, input)),
  /** A flow's counts from the rollups (the REST API's GET /voip/flow/{uuid}/stats). */
  flowStats: signedInProcedure
    .input(ZFlowStatsInput)
    .output(ZStatsOutput)
    .query(({ ctx, input }) => flowCallStats(ctx.request, input)),
  /** A flow's calls per UTC day and outcome, oldest first, with the same range and version as flowStats. */
  flowOutcomesByDay: signedInProcedure
    .input(ZFlowStatsInput)
    .output(
      z.array(z.object({ day: z.string(), calls: z.number(), outcomes: z.partialRecord(z.enum(CALL_OUTCOMES), z.number()) })),
    )
    .query(({ ctx, input }) => flowOutcomesByDay(ctx.request, input)),
  /** The versions of a flow that had calls in the range, newest first, with their counts. */
  flowVersions: signedInProcedure
    .input(ZFlowVersionsInput)
    .output(z.array(z.object({ version: z.number(), calls: z.number(), savedAt: z.date().nullable() })))
    .query(({ ctx, input }) => flowCallVersions(ctx.request, input)),
  /** Calls per customer below the account with their trend, and the flows whose callers hang up most. */
  overview: signedInProcedure
    .input(ZCallOverviewInput)
    .output(
      z.object({
        from: z.string(),
        to: z.string(),
        customers: z.array(
          z.object({
            accountId: z.string(),
            name: z.string(),
            displayName: z.string(),
            calls: z.number(),
            previousCalls: z.number(),
            daily: z.array(z.object({ day: z.string(), calls: z.number() })),
          }),
        ),
        hangupFlows: z.array(
          z.object({
            flowId: z.string(),
            flowName: z.string().nullable(),
            accountId: z.string(),
            accountName: z.string(),
            calls: z.number(),
            hangups: z.number(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => callOverview(ctx.request, input)),
});
