import { toApiNumber } from "@/server/services/representations";
import { routeOfNumber, routePhoneNumber } from "@/server/services/schedules/routing";
import { type TNumberRouting, ZNumberRouting } from "@/server/services/schedules/schemas";
import { NUMBER_ROUTING_API_NAMES, ZApiNumber } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";
import { atParameter } from "./schedule-commands";

// Routing a phone number: to one flow, or by a schedule to an open and a closed flow.

export type NumberParams = { uuid: string };

const { callFlowId, scheduleId, closedCallFlowId } = ZNumberRouting.shape;

/** `{call_flow, schedule, closed_call_flow}`: the routing tRPC takes, where one left out is null.
 * A number read with GET can be sent back whole. */
export const NUMBER_ROUTING_BODY = restBody({
  what: "number's routing",
  name: "NumberRouting",
  schema: ZNumberRouting.extend({
    callFlowId: callFlowId.default(null),
    scheduleId: scheduleId.default(null),
    closedCallFlowId: closedCallFlowId.default(null),
  }),
  apiNames: NUMBER_ROUTING_API_NAMES,
  readOnly: { number: ZApiNumber.shape.number, uuid: ZApiNumber.shape.uuid },
});

export async function routeNumberCommand({
  ctx,
  accountId,
  params,
  body,
}: BodyCall<TNumberRouting, NumberParams>): Promise<VoipOutcome> {
  const number = await routePhoneNumber(ctx, { accountId, id: params.uuid, ...body });
  return { status: 200, result: toApiNumber(number) };
}

export async function numberRouteCommand({ request, ctx, accountId, params }: VoipCall<NumberParams>): Promise<VoipOutcome> {
  const route = await routeOfNumber(ctx, { accountId, id: params.uuid, at: atParameter(request) });
  return { status: 200, result: { call_flow: route.callFlowId, open: route.open, reason: route.reason } };
}
