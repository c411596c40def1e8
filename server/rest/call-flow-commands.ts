import { isUuid } from "@/server/auth/scope";
import { timestampFromJson } from "@/server/db/json-timestamp";
import type { TCallFlowInput } from "@/server/domain/call-flow";
import { AppError, notFound } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { currentRequest } from "@/server/observability/request-context";
import {
  callFlowPages,
  createCallFlow,
  deleteCallFlow,
  FLOW_COLUMNS,
  nextCallFlowExtension,
  updateCallFlow,
  type StoredCallFlow,
} from "@/server/services/call-flows/call-flows";
import { ZCallFlowDocument } from "@/server/services/call-flows/schemas";
import { etagOf, toApiCallFlow } from "@/server/services/representations";
import { STORED_FIELDS, ZCallFlowFields } from "./api-schemas";
import { streamedListEnvelope } from "./envelope";
import { ACTING_ACCOUNT_ID, type ReadAlong } from "./authenticate";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// The provider's call-flow commands on top of the call-flow services, which validate, scope
// to the account acted for, and audit every write; these only translate to and from the API.

export type CallFlowParams = { uuid: string };

/** POST and PUT: the document as tRPC takes it, which the domain validates in the service and
 * stores exactly as sent. A flow read with GET can be PUT back whole. */
export const CALL_FLOW_BODY = restBody({
  what: "call flow",
  name: "CallFlowDocument",
  schema: ZCallFlowDocument,
  documentedAs: ZCallFlowFields,
  readOnly: STORED_FIELDS,
});

function flowOutcome(status: 200 | 201, flow: StoredCallFlow, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiCallFlow(flow), headers: { ETag: etagOf(flow), ...headers } };
}

/** Up to 500 flows of up to 256 KB each: streamed flow by flow, never built whole in memory. */
export async function listFlows({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  const pages = await callFlowPages(ctx, { accountId });
  const requestId = currentRequest()?.requestId;
  const onError = (error: unknown) =>
    logger.error({ err: error, requestId, route: "/voip/flow" }, "Streaming the flow list failed");
  return { response: streamedListEnvelope(pages, toApiCallFlow, onError) };
}

/** A stored flow as PostgreSQL writes it in JSON: timestamps as ISO 8601 text without a zone. */
type FlowJson = { [Column in keyof StoredCallFlow]: StoredCallFlow[Column] extends Date ? string : StoredCallFlow[Column] };

type FlowAlong = { flow: StoredCallFlow | null };

/**
 * GET /voip/flow/{uuid} in one round trip: the live flow is read in the credential's own query,
 * scoped as getCallFlow scopes it (the account acted for, within the credential's reach, live
 * flows only), and answered only once the credential has passed: one field of the row, its
 * object or null.
 */
export const flowReadAlong: ReadAlong<CallFlowParams, FlowAlong> = {
  fields: {
    flow: `CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object(${Object.keys(FLOW_COLUMNS)
      .map((column) => `'${column}', t."${column}"`)
      .join(", ")}) END`,
  },
  joins: `LEFT JOIN "CallFlow" t ON t.id = $6::uuid AND t."accountId" = ${ACTING_ACCOUNT_ID} AND t.published`,
  // A path segment that cannot be an id matches no flow (and is never cast, which would fail).
  values: ({ uuid }) => [isUuid(uuid) ? uuid : null],
  read: (row) => {
    const flow = row.flow as FlowJson | null;
    return {
      flow: flow && { ...flow, createdAt: timestampFromJson(flow.createdAt), updatedAt: timestampFromJson(flow.updatedAt) },
    };
  },
};

export async function getFlow({ along }: VoipCall<CallFlowParams, FlowAlong>): Promise<VoipOutcome> {
  if (along.flow === null) throw notFound("Call flow");
  return flowOutcome(200, along.flow);
}

export async function createFlow({ ctx, accountId, body }: BodyCall<TCallFlowInput>): Promise<VoipOutcome> {
  const flow = await createCallFlow(ctx, { accountId, document: body });
  return flowOutcome(201, flow, { Location: `/voip/flow/${flow.id}` });
}

export async function replaceFlow({
  request,
  ctx,
  accountId,
  params,
  body,
}: BodyCall<TCallFlowInput, CallFlowParams>): Promise<VoipOutcome> {
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return flowOutcome(200, await updateCallFlow(ctx, { accountId, id: params.uuid, document: body, ifMatch }));
}

export async function deleteFlow({ request, ctx, accountId, params }: VoipCall<CallFlowParams>): Promise<VoipOutcome> {
  await deleteCallFlow(ctx, { accountId, id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}

export async function nextFlowExtension({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  const extension = await nextCallFlowExtension(ctx, { accountId });
  // The provider answers "no such extension" with 404, as for anything else it cannot find.
  if (extension === null) throw new AppError("NOT_FOUND", "Every call-flow extension of the account's range is in use");
  return { status: 200, result: { extension } };
}
