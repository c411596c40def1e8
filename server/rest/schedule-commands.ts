import { isoInZone, type TScheduleDocument, ZScheduleDocument } from "@/server/domain/schedule";
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  scheduleState,
  type StoredSchedule,
  updateSchedule,
} from "@/server/services/schedules/schedules";
import { etagOf, toApiSchedule } from "@/server/services/representations";
import { SCHEDULE_API_NAMES, STORED_FIELDS, ZScheduleFields } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// Schedule commands on top of the schedule services, which validate, scope to the account acted
// for and audit every write; these only translate to and from the API's snake_case JSON.

export type ScheduleParams = { uuid: string };

/** POST and PUT: the schedule document tRPC takes, `overrideUntil` written `override_until`. */
export const SCHEDULE_BODY = restBody({
  what: "schedule",
  name: "ScheduleDocument",
  schema: ZScheduleDocument,
  documentedAs: ZScheduleFields,
  apiNames: SCHEDULE_API_NAMES,
  readOnly: STORED_FIELDS,
});

function scheduleOutcome(status: 200 | 201, schedule: StoredSchedule, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiSchedule(schedule), headers: { ETag: etagOf(schedule), ...headers } };
}

export async function listSchedulesCommand({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await listSchedules(ctx, { accountId })).map(toApiSchedule) };
}

export async function getScheduleCommand({ ctx, accountId, params }: VoipCall<ScheduleParams>): Promise<VoipOutcome> {
  return scheduleOutcome(200, await getSchedule(ctx, { accountId, id: params.uuid }));
}

export async function createScheduleCommand({ ctx, accountId, body }: BodyCall<TScheduleDocument>): Promise<VoipOutcome> {
  const schedule = await createSchedule(ctx, { accountId, document: body });
  return scheduleOutcome(201, schedule, { Location: `/voip/schedule/${schedule.id}` });
}

export async function replaceScheduleCommand({
  request,
  ctx,
  accountId,
  params,
  body,
}: BodyCall<TScheduleDocument, ScheduleParams>): Promise<VoipOutcome> {
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return scheduleOutcome(200, await updateSchedule(ctx, { accountId, id: params.uuid, document: body, ifMatch }));
}

export async function deleteScheduleCommand({ request, ctx, accountId, params }: VoipCall<ScheduleParams>): Promise<VoipOutcome> {
  await deleteSchedule(ctx, { accountId, id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}

/** The `at` query parameter: an ISO 8601 date and time; now when absent. */
export function atParameter(request: Request): string | undefined {
  return new URL(request.url).searchParams.get("at") ?? undefined;
}

export async function scheduleStateCommand({ request, ctx, accountId, params }: VoipCall<ScheduleParams>): Promise<VoipOutcome> {
  const { schedule, state } = await scheduleState(ctx, { accountId, id: params.uuid, at: atParameter(request) });
  return {
    status: 200,
    result: { open: state.open, reason: state.reason, until: state.until && isoInZone(state.until, schedule.timezone) },
  };
}
