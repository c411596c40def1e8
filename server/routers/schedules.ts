import { z } from "zod";
import {
  holidayRegions,
  isoInZone,
  OVERRIDES,
  type ScheduleState,
  scheduleStateAt,
  STATE_REASONS,
  WEEKDAYS,
  ZClosure,
  ZInterval,
} from "@/server/domain/schedule";
import { routeOfNumber, routePhoneNumber } from "@/server/services/schedules/routing";
import {
  ZCreateScheduleInput,
  ZHolidayListInput,
  ZNumberRouteInput,
  ZRouteNumberInput,
  ZScheduleAccountInput,
  ZScheduleRefInput,
  ZScheduleStateInput,
  ZSetOverrideInput,
  ZUpdateScheduleInput,
} from "@/server/services/schedules/schemas";
import { documentOf, rulesOf } from "@/server/services/schedules/document";
import {
  createSchedule,
  deleteSchedule,
  type ListedSchedule,
  listSchedules,
  scheduleState,
  setScheduleOverride,
  type StoredSchedule,
  upcomingHolidays,
  updateSchedule,
} from "@/server/services/schedules/schedules";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Schedules and number routing. Every procedure names the account it acts for; the services
// resolve it within the actor's reach, so another tenant's schedule or number is NOT_FOUND.

const ZStateOutput = z.object({
  open: z.boolean(),
  reason: z.enum(STATE_REASONS),
  /** The closure's or holiday's name. */
  detail: z.string().nullable(),
  /** ISO 8601 in the schedule's zone, with its offset; null when nothing scheduled changes it. */
  until: z.string().nullable(),
});

const ZWeekOutput = z.object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(ZInterval)])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodArray<typeof ZInterval>
  >,
);

const ZScheduleOutput = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  timezone: z.string(),
  hours: ZWeekOutput,
  closures: z.array(ZClosure),
  holidays: z.string().nullable(),
  override: z.enum(OVERRIDES),
  overrideUntil: z.string().nullable(),
  /** Its state now. */
  state: ZStateOutput,
  /** The phone numbers that route by it. */
  numbers: z.array(z.object({ id: z.string(), number: z.string() })),
});

const ZSavedSchedule = z.object({ id: z.string(), version: z.number(), name: z.string() });

function stateOutput(state: ScheduleState, timezone: string) {
  return { open: state.open, reason: state.reason, detail: state.detail, until: state.until && isoInZone(state.until, timezone) };
}

function scheduleOutput(schedule: ListedSchedule) {
  return {
    id: schedule.id,
    version: schedule.version,
    ...documentOf(schedule),
    state: stateOutput(scheduleStateAt(rulesOf(schedule), new Date()), schedule.timezone),
    numbers: schedule.phoneNumbers,
  };
}

const saved = ({ id, version, name }: StoredSchedule) => ({ id, version, name });

const ZNumberRoutingOutput = z.object({
  id: z.string(),
  number: z.string(),
  callFlowId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  closedCallFlowId: z.string().nullable(),
});

const ZFlowSummary = z.object({ name: z.string(), extension: z.number() });

const ZRouteOutput = z.object({
  number: z.string(),
  at: z.string(),
  callFlowId: z.string().nullable(),
  callFlow: ZFlowSummary.nullable(),
  open: z.boolean().nullable(),
  reason: z.enum([...STATE_REASONS, "no_schedule"]),
  schedule: z.object({ id: z.string(), name: z.string(), timezone: z.string() }).nullable(),
  state: ZStateOutput.nullable(),
});

export const schedulesRouter = router({
  list: signedInProcedure
    .input(ZScheduleAccountInput)
    .output(z.array(ZScheduleOutput))
    .query(async ({ ctx, input }) => (await listSchedules(ctx.request, input)).map(scheduleOutput)),
  create: signedInProcedure
    .input(ZCreateScheduleInput)
    .output(ZSavedSchedule)
    .mutation(async ({ ctx, input }) => saved(await createSchedule(ctx.request, input))),
  update: signedInProcedure
    .input(ZUpdateScheduleInput)
    .output(ZSavedSchedule)
    .mutation(async ({ ctx, input }) => saved(await updateSchedule(ctx.request, input))),
  setOverride: signedInProcedure
    .input(ZSetOverrideInput)
    .output(ZSavedSchedule)
    .mutation(async ({ ctx, input }) => saved(await setScheduleOverride(ctx.request, input))),
  delete: signedInProcedure
    .input(ZScheduleRefInput)
    .output(ZSavedSchedule)
    .mutation(async ({ ctx, input }) => saved(await deleteSchedule(ctx.request, input))),
  state: signedInProcedure
    .input(ZScheduleStateInput)
    .output(ZStateOutput)
    .query(async ({ ctx, input }) => {
      const { schedule, state } = await scheduleState(ctx.request, input);
      return stateOutput(state, schedule.timezone);
    }),
  regions: signedInProcedure.output(z.array(z.object({ code: z.string(), name: z.string() }))).query(() => holidayRegions()),
  holidays: signedInProcedure
    .input(ZHolidayListInput)
    .output(z.array(z.object({ date: z.string(), name: z.string() })))
    .query(({ input }) => upcomingHolidays(input.region, input.from)),
  routeNumber: signedInProcedure
    .input(ZRouteNumberInput)
    .output(ZNumberRoutingOutput)
    .mutation(({ ctx, input }) => routePhoneNumber(ctx.request, input)),
  numberRoute: signedInProcedure
    .input(ZNumberRouteInput)
    .output(ZRouteOutput)
    .query(async ({ ctx, input }) => {
      const route = await routeOfNumber(ctx.request, input);
      const zone = route.schedule?.timezone ?? "UTC";
      return {
        number: route.number.number,
        at: isoInZone(route.at, zone),
        callFlowId: route.callFlowId,
        callFlow: route.callFlow,
        open: route.open,
        reason: route.reason,
        schedule: route.schedule && { id: route.schedule.id, name: route.schedule.name, timezone: route.schedule.timezone },
        state: route.state && stateOutput(route.state, zone),
      };
    }),
});
