import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";

// A schedule as clients write it: the one schema of the REST body, the tRPC input and the
// portal's form. Pure zod with no date library, so the browser can run it too; whether a
// holiday region exists is checked on the server (holidays.ts), against the holiday calendar.

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const OVERRIDES = ["auto", "open", "closed"] as const;
export type Override = (typeof OVERRIDES)[number];

const MAX_INTERVALS_PER_DAY = 12;
const MAX_CLOSURES = 366;

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** "HH:MM" as minutes after midnight; "24:00" (the end of the day) is 1440. */
export function minutesOf(time: string): number {
  if (time === "24:00") return 1440;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const ZStartTime = z.string().regex(HH_MM, 'Use 24-hour "HH:MM", from 00:00 to 23:59');
/** An interval may end at midnight, written "24:00"; a stretch past midnight continues the next day at 00:00. */
const ZEndTime = z.string().refine((time) => HH_MM.test(time) || time === "24:00", 'Use 24-hour "HH:MM", from 00:01 to 24:00');

export const ZInterval = z
  .tuple([ZStartTime, ZEndTime])
  .refine(([start, end]) => !HH_MM.test(start) || minutesOf(end) > minutesOf(start), "The interval must end after it starts");
export type Interval = z.infer<typeof ZInterval>;

const ZDayHours = z
  .array(ZInterval, 'List the day\'s intervals, e.g. [["09:00","17:30"]]; [] when closed all day')
  .max(MAX_INTERVALS_PER_DAY, `At most ${MAX_INTERVALS_PER_DAY} intervals a day`)
  .superRefine((intervals, ctx) => {
    const valid = intervals
      .map((interval, index) => ({ index, start: minutesOf(interval[0]), end: minutesOf(interval[1]) }))
      .filter(({ start, end }) => Number.isFinite(start) && Number.isFinite(end) && end > start)
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i++) {
      const previous = valid[i - 1]!;
      const current = valid[i]!;
      if (current.start < previous.end) {
        const [first, second] = [previous.index, current.index].sort((a, b) => a - b);
        ctx.addIssue({
          code: "custom",
          path: [second!],
          message: `The interval overlaps interval ${first! + 1} (${timeOf(previous.start)}–${timeOf(previous.end)})`,
        });
      }
    }
  });

export const ZWeeklyHours = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, ZDayHours])) as Record<Weekday, typeof ZDayHours>,
  "Give the hours of all seven days: mon, tue, wed, thu, fri, sat and sun",
);
export type WeeklyHours = z.infer<typeof ZWeeklyHours>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const ZScheduleText = (what: string, max: number) =>
  z
    .string(`${what} must be text`)
    .trim()
    .min(1, `Enter a ${what.toLowerCase()}`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine(NO_CONTROL_CHARACTERS.check, `${what} ${NO_CONTROL_CHARACTERS.message}`);

export const ZClosure = z.strictObject({
  date: z.string("Date must be text").refine(isCalendarDate, 'Use a calendar date "YYYY-MM-DD"'),
  name: ZScheduleText("Closure name", 100),
  /** Closed on that day and month every year (29 February only in leap years). */
  yearly: z.boolean("yearly must be true or false").default(false),
});
export type Closure = z.infer<typeof ZClosure>;

/** An IANA zone name the runtime knows ("Europe/London"), not an offset or an abbreviation. */
function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** ISO 3166 country, optionally with a state and a region: "GB-ENG", "US-CA", "DE-BY". */
const REGION_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,10}){0,2}$/;

const ZHolidayRegion = z
  .string('holidays must be a region code such as "GB-ENG", or null')
  .regex(REGION_CODE, 'Use a region code such as "GB-ENG", "US-CA" or "DE-BY"');

/** An instant with its offset ("2026-12-24T17:00:00Z", "…+01:00"): never a wall time that depends on a zone. */
export const ZInstant = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date and time with its offset, e.g. "2026-12-24T17:00:00Z"',
});

export const ZScheduleDocument = z
  .strictObject({
    name: ZScheduleText("Name", 100),
    timezone: z
      .string('timezone must be an IANA time zone such as "Europe/London"')
      .refine(isTimeZone, 'Use an IANA time zone such as "Europe/London"'),
    hours: ZWeeklyHours,
    closures: z.array(ZClosure, "closures must be a list").max(MAX_CLOSURES, `At most ${MAX_CLOSURES} closures`).default([]),
    holidays: ZHolidayRegion.nullable().default(null),
    override: z.enum(OVERRIDES, 'override must be "auto", "open" or "closed"').default("auto"),
    /** When a manual override ends and the schedule goes back to automatic; null: until changed. */
    overrideUntil: ZInstant.nullable().default(null),
  })
  .superRefine((schedule, ctx) => {
    if (schedule.override === "auto" && schedule.overrideUntil !== null) {
      ctx.addIssue({ code: "custom", path: ["overrideUntil"], message: 'Only an "open" or "closed" override can have an end' });
    }
  });
export type TScheduleDocument = z.infer<typeof ZScheduleDocument>;
export type TScheduleDocumentInput = z.input<typeof ZScheduleDocument>;

/** A schedule reduced to what its state depends on. */
export type ScheduleRules = {
  timezone: string;
  hours: WeeklyHours;
  closures: readonly Closure[];
  holidays: string | null;
  override: Override;
  overrideUntil: Date | null;
};
