import { z } from "zod";
import { apiInstant, MAX_CALLS_PER_BATCH, ZCallInput } from "@/server/domain/calls/call-input";
import { invalidInput, zodFieldIssues } from "@/server/errors";
import { keyedPlaces } from "@/server/keyed-places";
import { type CallDetail, type CallSummary, flowCallStats, getCall, ingestCalls, listCalls } from "@/server/services/calls/calls";
import { MAX_CALLS_PAGE, ZCallFilters, ZFlowStatsInput } from "@/server/services/calls/schemas";
import type { BodyCall, RequestPlaces, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// The call history's commands on top of the call services: POST /voip/call from the switch, and
// the reads. The services scope every call to the account acted for and the accounts below it.

/** A batch of 1,000 calls of about 25 steps each fits; the usual 256 KB would not hold 500 calls. */
export const MAX_CALL_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Each process parses and writes at most this many batches at once; more wait unread (their
 * bodies stay in the socket), up to 10 s, then are told to retry (503). So memory stays bounded
 * whatever the batch mix: at most this many bodies of MAX_CALL_BATCH_BYTES, parsed, at a time.
 * Two keep the pipeline full (one batch checked here while the other's statement runs) and
 * leave the CPU room for the portal's reads: on 2 cores, 4 at once ingested no faster than 2
 * while another account's reads waited half as long again (npm run bench:calls).
 */
const INGEST_PLACES = 2;
const INGEST_WAIT_MS = 10_000;
const ingestPlaces = keyedPlaces("callIngest", { places: () => INGEST_PLACES, maxWaiting: () => 256 });
export const CALL_INGEST_PLACES: RequestPlaces = {
  take: () => ingestPlaces.take("all", INGEST_WAIT_MS),
  release: () => ingestPlaces.release("all"),
};

/** Only the batch's size is a 400 of the request; each call is judged on its own by the service. */
export const CALL_BATCH_BODY = restBody({
  what: "batch of calls",
  name: "CallBatch",
  schema: z.object({
    calls: z
      .array(z.unknown(), "must be a list of calls")
      .min(1, "must hold at least 1 call")
      .max(MAX_CALLS_PER_BATCH, `must hold at most ${MAX_CALLS_PER_BATCH.toLocaleString("en")} calls`),
  }),
  documentedAs: z.object({ calls: z.array(ZCallInput).min(1).max(MAX_CALLS_PER_BATCH) }),
  maxBytes: MAX_CALL_BATCH_BYTES,
});

export async function ingestCallsCommand({ ctx, accountId, body }: BodyCall<{ calls: unknown[] }>): Promise<VoipOutcome> {
  return { status: 200, result: await ingestCalls(ctx, { accountId, calls: body.calls }) };
}

// ─── Reads ───

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
