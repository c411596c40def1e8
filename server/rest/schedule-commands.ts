import { isoInZone } from "@/server/domain/schedule";
import { AppError, fieldError } from "@/server/errors";
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
import type { VoipCall, VoipOutcome } from "./handler";

// Schedule commands on top of the schedule services, which validate, scope to the account acted
// for and audit every write; these only translate to and from the API's snake_case JSON.

export type ScheduleParams = { uuid: string };

/** The services name fields as the portal does; the API's clients know them in snake_case. */
const API_FIELD_NAMES: Record<string, string> = {
  overrideUntil: "override_until",
  callFlowId: "call_flow",
  scheduleId: "schedule",
  closedCallFlowId: "closed_call_flow",
};

/** Runs a command, renaming the fields its errors name to the API's names. */
export async function withApiFieldNames<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.issues.length === 0) throw error;
    const issues = error.issues.map((issue) => {
      const [first = "", ...rest] = issue.path.split(".");
      return { ...issue, path: [API_FIELD_NAMES[first] ?? first, ...rest].join(".") };
    });
    throw new AppError(error.code, error.message, issues);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The schedule in a POST or PUT body. What the API itself returns (`uuid`, `created_on`,
 * `updated_on`) is dropped, so a schedule read with GET can be sent back whole; on PUT a `uuid`
 * naming another schedule is refused. Everything else goes to validation as sent.
 */
function scheduleDocument(body: unknown, pathUuid?: string): unknown {
  if (!isPlainObject(body)) return body;
  const { uuid, created_on: _createdOn, updated_on: _updatedOn, override_until: overrideUntil, ...document } = body;
  const namesAnother =
    pathUuid !== undefined && uuid !== undefined && (typeof uuid !== "string" || uuid.toLowerCase() !== pathUuid.toLowerCase());
  if (namesAnother) throw fieldError("uuid", `"uuid" must be this schedule's uuid, as in the URL, or be left out`);
  return overrideUntil === undefined ? document : { ...document, overrideUntil };
}

function scheduleOutcome(status: 200 | 201, schedule: StoredSchedule, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiSchedule(schedule), headers: { ETag: etagOf(schedule), ...headers } };
}

export async function listSchedulesCommand({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await listSchedules(ctx, { accountId })).map(toApiSchedule) };
}

export async function getScheduleCommand({ ctx, accountId, params }: VoipCall<ScheduleParams>): Promise<VoipOutcome> {
  return scheduleOutcome(200, await getSchedule(ctx, { accountId, id: params.uuid }));
}

export async function createScheduleCommand({ ctx, accountId, body }: VoipCall): Promise<VoipOutcome> {
  const schedule = await withApiFieldNames(() => createSchedule(ctx, { accountId, document: scheduleDocument(body) }));
  return scheduleOutcome(201, schedule, { Location: `/voip/schedule/${schedule.id}` });
}

export async function replaceScheduleCommand({
  request,
  ctx,
  accountId,
  params,
  body,
}: VoipCall<ScheduleParams>): Promise<VoipOutcome> {
  const document = scheduleDocument(body, params.uuid);
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return scheduleOutcome(
    200,
    await withApiFieldNames(() => updateSchedule(ctx, { accountId, id: params.uuid, document, ifMatch })),
  );
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
