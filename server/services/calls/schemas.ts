import { z } from "zod";
import { CALL_ID_MAX_LENGTH, CALL_OUTCOMES } from "@/server/domain/calls/call-input";

/** A bound of a date range: a UTC day (`2026-12-01`, the whole day) or an instant (ISO 8601). */
export const ZRangeBound = z.union(
  [z.iso.date(), z.iso.datetime({ offset: true })],
  "must be a date (2026-12-01) or a date and time (2026-12-01T09:00:00Z)",
);

export const MAX_CALLS_PAGE = 100;
export const DEFAULT_CALLS_PAGE = 50;

export const ZCallFilters = z.object({
  from: ZRangeBound.optional().meta({ description: "Calls started at or after this (a date: from its start, UTC)" }),
  to: ZRangeBound.optional().meta({ description: "Calls started at or before this (a date: to its end, UTC)" }),
  flowId: z.uuid("must be a call flow's uuid").optional(),
  number: z.string().trim().min(1).max(32).optional(),
  caller: z.string().trim().min(1).max(32).optional(),
  outcome: z.enum(CALL_OUTCOMES, `must be one of ${CALL_OUTCOMES.join(", ")}`).optional(),
});

export const ZCallListInput = ZCallFilters.extend({
  accountId: z.string(),
  limit: z.coerce
    .number("must be a number")
    .int("must be a whole number")
    .min(1, `must be 1-${MAX_CALLS_PAGE}`)
    .max(MAX_CALLS_PAGE, `must be 1-${MAX_CALLS_PAGE}`)
    .optional(),
  cursor: z.string().max(300).optional(),
});
export type TCallListInput = z.infer<typeof ZCallListInput>;

export const ZCallRef = z.object({
  accountId: z.string(),
  callId: z.string().min(1).max(CALL_ID_MAX_LENGTH),
});
export type TCallRef = z.infer<typeof ZCallRef>;

export const ZFlowStatsInput = z.object({
  accountId: z.string(),
  flowId: z.string(),
  from: ZRangeBound.optional(),
  to: ZRangeBound.optional(),
  version: z.coerce.number("must be a number").int("must be a whole number").min(1, "must be 1 or more").optional(),
});
export type TFlowStatsInput = z.infer<typeof ZFlowStatsInput>;

export const ZFlowVersionsInput = ZFlowStatsInput.omit({ version: true });
export type TFlowVersionsInput = z.infer<typeof ZFlowVersionsInput>;

export const OVERVIEW_DAYS = 30;

export const ZCallOverviewInput = z.object({
  accountId: z.string(),
  days: z.number().int().min(7).max(90).default(OVERVIEW_DAYS),
});
export type TCallOverviewInput = z.infer<typeof ZCallOverviewInput>;
