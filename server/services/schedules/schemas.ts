import { z } from "zod";
import { OVERRIDES, ZInstant, ZScheduleDocument } from "@/server/domain/schedule/document";
import { ZAccountId } from "../accounts/schemas";

// The tRPC inputs of schedules and number routing; pure zod, so the portal's forms share them.

const ZScheduleId = z.string().min(1, "Schedule is required");
const ZVersion = z.int("Version must be a whole number").min(1, "Version must be at least 1");

export const ZScheduleAccountInput = z.object({ accountId: ZAccountId });
export const ZScheduleRefInput = z.object({ accountId: ZAccountId, id: ZScheduleId });

export const ZCreateScheduleInput = z.object({ accountId: ZAccountId, document: ZScheduleDocument });
export const ZUpdateScheduleInput = z.object({
  accountId: ZAccountId,
  id: ZScheduleId,
  document: ZScheduleDocument,
  /** The version the edit started from: a newer save makes this one a conflict. */
  version: ZVersion.optional(),
});

const ZScheduleOverride = z
  .object({
    override: z.enum(OVERRIDES, 'override must be "auto", "open" or "closed"'),
    overrideUntil: ZInstant.nullable().default(null),
  })
  .refine((value) => value.override !== "auto" || value.overrideUntil === null, {
    path: ["overrideUntil"],
    message: 'Only an "open" or "closed" override can have an end',
  });
export type TScheduleOverride = z.infer<typeof ZScheduleOverride>;

export const ZSetOverrideInput = z.object({ accountId: ZAccountId, id: ZScheduleId }).and(ZScheduleOverride);

/** "When": ISO 8601; without an offset it is a wall time of the schedule's zone. */
export const ZAtText = z.string().trim().min(1, "Give a date and time").max(64, "The date and time is too long");

export const ZScheduleStateInput = z.object({ accountId: ZAccountId, id: ZScheduleId, at: ZAtText.optional() });

export const ZHolidayListInput = z.object({
  region: z.string().trim().min(1, "Choose a region").max(32),
  /** "YYYY-MM-DD"; today when left out. */
  from: z.iso.date().optional(),
});

function optionalId(what: string, description: string) {
  const message = `${what} must be a uuid or null`;
  return z.string(message).min(1, message).nullable().meta({ description });
}

/** How a phone number routes: to one flow, or by a schedule to an open and a closed flow. */
export const ZNumberRouting = z.object({
  callFlowId: optionalId("The call flow", "The call flow calls to the number follow (with a schedule: while it is open)"),
  scheduleId: optionalId("The schedule", "The schedule that decides between the open and the closed call flow"),
  closedCallFlowId: optionalId("The closed call flow", "With a schedule: the call flow calls follow while it is closed"),
});
export type TNumberRouting = z.infer<typeof ZNumberRouting>;

export const ZRouteNumberInput = ZNumberRouting.extend({
  accountId: ZAccountId,
  id: z.string().min(1, "Phone number is required"),
});
export type TRouteNumberInput = z.infer<typeof ZRouteNumberInput>;

export const ZNumberRouteInput = z.object({
  accountId: ZAccountId,
  id: z.string().min(1, "Phone number is required"),
  at: ZAtText.optional(),
});
