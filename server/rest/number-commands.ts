import { fieldError } from "@/server/errors";
import { toApiNumber } from "@/server/services/representations";
import { routeOfNumber, routePhoneNumber } from "@/server/services/schedules/routing";
import type { VoipCall, VoipOutcome } from "./handler";
import { atParameter, withApiFieldNames } from "./schedule-commands";

// Routing a phone number: to one flow, or by a schedule to an open and a closed flow.

export type NumberParams = { uuid: string };

const ROUTING_FIELDS = { call_flow: "callFlowId", schedule: "scheduleId", closed_call_flow: "closedCallFlowId" } as const;
/** What GET returns beside the routing: accepted and ignored, so an item can be sent back whole. */
const READ_ONLY_FIELDS = new Set(["uuid", "number"]);

/** `{call_flow, schedule, closed_call_flow}`, each a uuid or null; one left out is null. */
function routingOf(body: unknown) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw fieldError("", "Send a JSON object with call_flow, schedule and closed_call_flow (uuids or null)");
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !Object.hasOwn(ROUTING_FIELDS, key) && !READ_ONLY_FIELDS.has(key));
  if (unknown !== undefined) throw fieldError(unknown, `"${unknown}" is not a field of a number's routing`);
  const routing = {
    callFlowId: null as string | null,
    scheduleId: null as string | null,
    closedCallFlowId: null as string | null,
  };
  for (const [field, key] of Object.entries(ROUTING_FIELDS)) {
    const value = fields[field] ?? null;
    if (value !== null && typeof value !== "string") throw fieldError(field, `"${field}" must be a uuid or null`);
    routing[key] = value;
  }
  return routing;
}

export async function routeNumberCommand({ ctx, accountId, params, body }: VoipCall<NumberParams>): Promise<VoipOutcome> {
  const routing = routingOf(body);
  const number = await withApiFieldNames(() => routePhoneNumber(ctx, { accountId, id: params.uuid, ...routing }));
  return { status: 200, result: toApiNumber(number) };
}

export async function numberRouteCommand({ request, ctx, accountId, params }: VoipCall<NumberParams>): Promise<VoipOutcome> {
  const route = await routeOfNumber(ctx, { accountId, id: params.uuid, at: atParameter(request) });
  return { status: 200, result: { call_flow: route.callFlowId, open: route.open, reason: route.reason } };
}
