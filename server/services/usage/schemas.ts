import { z } from "zod";

// Shared by the tRPC input and the portal's range form (zodResolver).

/** The longest range one report covers, in days. */
const MAX_USAGE_DAYS = 93;

const DAY_MS = 86_400_000;

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date")
  // Date.parse rolls "2001-02-30" over into March: a real day reads back unchanged.
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
  }, "Enter a valid date");

/** Days are calendar days in UTC, as the REST API's dates are. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Both ends inclusive. */
export const ZUsageRange = z
  .object({ from: ZDay, to: ZDay })
  .refine(({ from, to }) => from <= to, { path: ["to"], message: "The end must not be before the start" })
  .refine(({ from, to }) => daysBetween(from, to) <= MAX_USAGE_DAYS, {
    path: ["to"],
    message: `A report covers at most ${MAX_USAGE_DAYS} days`,
  });
export type TUsageRange = z.infer<typeof ZUsageRange>;

/** The days of a range, oldest first. */
export function daysOf(range: TUsageRange): string[] {
  const start = Date.parse(`${range.from}T00:00:00Z`);
  return Array.from({ length: daysBetween(range.from, range.to) }, (_, index) =>
    new Date(start + index * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The last `days` days up to today (UTC). */
export function recentDays(days: number, now = new Date()): TUsageRange {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}
