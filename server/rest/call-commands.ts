import { z } from "zod";
import { apiInstant } from "@/server/domain/calls/call-input";
import { invalidInput, zodFieldIssues } from "@/server/errors";
import { type CallDetail, type CallSummary, flowCallStats, getCall, listCalls } from "@/server/services/calls/calls";
import { MAX_CALLS_PAGE, ZCallFilters, ZFlowStatsInput } from "@/server/services/calls/schemas";
import type { VoipCall, VoipOutcome } from "./handler";

// The call history's reads on top of the call services (POST /voip/call is call-ingest.ts). The
// services scope every call to the account acted for and the accounts below it.

/** The query of GET /voip/call, under the API's names. */
export const CALL_LIST_QUERY = z.strictObject({
  from: ZCallFilters.shape.from,
  to: ZCallFilters.shape.to,
  flow: ZCallFilters.shape.flowId.meta({ description: "Only this call flow's calls" }),
  number: ZCallFilters.shape.number.meta({ description: "Only calls to this number" }),
  caller: ZCallFilters.shape.caller.meta({ description: "Only calls from this caller" }),
  outcome: ZCallFilters.shape.outcome,
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .refine((text) => Number(text) >= 1 && Number(text) <= MAX_CALLS_PAGE, `must be 1-${MAX_CALLS_PAGE}`)
    .optional()
    .meta({ description: `Calls per page, at most ${MAX_CALLS_PAGE} (50 when left out)` }),
  cursor: z.string().optional().meta({ description: "The next_cursor of the page before" }),
});

export const FLOW_STATS_QUERY = z.strictObject({
  from: ZFlowStatsInput.shape.from.meta({ description: "The first UTC day counted (an instant counts its day)" }),
  to: ZFlowStatsInput.shape.to.meta({ description: "The last UTC day counted (an instant counts its day)" }),
  version: z
    .string()
    .regex(/^[1-9]\d*$/, "must be a version number, 1 or more")
    .optional()
    .meta({ description: "Only the calls that ran on this version of the flow" }),
});

/** The query string parsed by `schema`; every problem a 400 at its parameter. */
function queryOf<T>(request: Request, schema: z.ZodType<T>): T {
  const parameters = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(parameters);
  if (!parsed.success) throw invalidInput("query", zodFieldIssues(parsed.error.issues, "query"));
  return parsed.data;
}

function apiCallSummary(call: CallSummary) {
  return {
    call_id: call.callId,
    flow: call.flowId,
    flow_version: call.flowVersion,
    ...(call.number === null ? {} : { number: call.number }),
    ...(call.caller === null ? {} : { caller: call.caller }),
    started_at: apiInstant(call.startedAt),
    ended_at: apiInstant(call.endedAt),
    outcome: call.outcome,
  };
}

function apiCall(call: CallDetail) {
  return {
    ...apiCallSummary(call),
    steps: call.steps.map((step) => ({ ...step, at: apiInstant(new Date(step.at)) })),
  };
}

export async function listCallsCommand({ request, ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  const { flow, limit, ...filters } = queryOf(request, CALL_LIST_QUERY);
  const page = await listCalls(ctx, {
    accountId,
    ...filters,
    flowId: flow,
    limit: limit === undefined ? undefined : Number(limit),
  });
  return { status: 200, result: { items: page.items.map(apiCallSummary), next_cursor: page.nextCursor } };
}

export async function getCallCommand({ ctx, accountId, params }: VoipCall<{ call_id: string }>): Promise<VoipOutcome> {
  return { status: 200, result: apiCall(await getCall(ctx, { accountId, callId: params.call_id })) };
}

export async function flowStatsCommand({ request, ctx, accountId, params }: VoipCall<{ uuid: string }>): Promise<VoipOutcome> {
  const { version, ...range } = queryOf(request, FLOW_STATS_QUERY);
  const stats = await flowCallStats(ctx, {
    accountId,
    flowId: params.uuid,
    ...range,
    version: version === undefined ? undefined : Number(version),
  });
  return { status: 200, result: stats };
}
