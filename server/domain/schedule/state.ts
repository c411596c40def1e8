import { DateTime, IANAZone } from "luxon";
import { type Closure, minutesOf, type ScheduleRules, WEEKDAYS } from "./document";
import { holidayOn } from "./holidays";

// Whether a schedule is open at an instant, why, and until when. Hours are wall-clock times of
// the schedule's zone: an interval covers every instant whose local time on that date falls in
// it. So on a spring-forward day an interval meeting the missing hour covers only the part that
// exists, and on a fall-back day the repeated hour is covered each time it passes.

export const STATE_REASONS = ["hours", "closure", "holiday", "override", "outside_hours"] as const;
export type StateReason = (typeof STATE_REASONS)[number];

export type ScheduleState = {
  open: boolean;
  reason: StateReason;
  /** The closure's or the holiday's name, when that is the reason. */
  detail: string | null;
  /** The next instant `open` changes; null when nothing scheduled will change it. */
  until: Date | null;
};

/** How far ahead the next change is looked for: past a year and a day, every rule has repeated. */
const HORIZON_DAYS = 367;

type LocalMoment = { date: string; weekday: number; minute: number };

function localMoment(zone: IANAZone, at: number): LocalMoment {
  const local = DateTime.fromMillis(at, { zone });
  return { date: local.toISODate()!, weekday: local.weekday - 1, minute: local.hour * 60 + local.minute };
}

function closureOn(closures: readonly Closure[], date: string): Closure | undefined {
  return closures.find((closure) => closure.date === date || (closure.yearly && closure.date.slice(5) === date.slice(5)));
}

type Status = Omit<ScheduleState, "until">;

function statusAt(rules: ScheduleRules, zone: IANAZone, at: number): Status {
  if (rules.override !== "auto" && (rules.overrideUntil === null || at < rules.overrideUntil.getTime())) {
    return { open: rules.override === "open", reason: "override", detail: null };
  }
  const { date, weekday, minute } = localMoment(zone, at);
  const closure = closureOn(rules.closures, date);
  if (closure) return { open: false, reason: "closure", detail: closure.name };
  const holiday = rules.holidays === null ? null : holidayOn(rules.holidays, date);
  if (holiday !== null) return { open: false, reason: "holiday", detail: holiday };
  const intervals = rules.hours[WEEKDAYS[weekday]!];
  const open = intervals.some(([start, end]) => minutesOf(start) <= minute && minute < minutesOf(end));
  return open ? { open: true, reason: "hours", detail: null } : { open: false, reason: "outside_hours", detail: null };
}

/**
 * The instants a local wall time of a date happens: none in a spring-forward gap, two in a
 * fall-back repeat. Tried with the offsets in force half a day either side, which are the only
 * ones a date can have.
 */
function instantsOf(zone: IANAZone, date: string, minute: number): number[] {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  const offsets = new Set([zone.offset(wall - 14 * 3_600_000), zone.offset(wall + 14 * 3_600_000)]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = wall - offset * 60_000;
    if (zone.offset(instant) === offset) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/** The instant in (from, to] where the zone's offset changes, to the minute; none when it does not. */
function offsetChanges(zone: IANAZone, from: number, to: number): number[] {
  if (zone.offset(from) === zone.offset(to)) return [];
  let low = from;
  let high = to;
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (zone.offset(middle) === zone.offset(low)) low = middle;
    else high = middle;
  }
  return [high];
}

/** Where the state can change within a local date: its boundaries' instants and any offset change. */
function candidatesOn(rules: ScheduleRules, zone: IANAZone, date: string): number[] {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const minutes = new Set<number>([0]);
  for (const [start, end] of rules.hours[WEEKDAYS[weekday]!]) {
    minutes.add(minutesOf(start));
    if (minutesOf(end) < 1440) minutes.add(minutesOf(end));
  }
  const instants = [...minutes].flatMap((minute) => instantsOf(zone, date, minute));
  // The date's own span of time, so every candidate of a date comes before the next date's.
  const dayStart = DateTime.fromISO(date, { zone }).startOf("day");
  instants.push(...offsetChanges(zone, dayStart.toMillis(), dayStart.plus({ days: 1 }).toMillis() - 1));
  return instants;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The first instant after `at` where `open` differs from now; null within the horizon. */
function nextChange(rules: ScheduleRules, zone: IANAZone, at: number, open: boolean): Date | null {
  // An override without an end holds until someone changes it: nothing scheduled ends it.
  if (rules.override !== "auto" && rules.overrideUntil === null) return null;
  const overrideEnds = rules.override !== "auto" && rules.overrideUntil !== null && rules.overrideUntil.getTime() > at;
  const overrideEnd = overrideEnds ? rules.overrideUntil!.getTime() : at;
  if (overrideEnds && statusAt(rules, zone, overrideEnd).open !== open) return new Date(overrideEnd);
  // Closures and holidays only ever close: without hours, nothing opens a closed schedule.
  if (!open && WEEKDAYS.every((day) => rules.hours[day].length === 0)) return null;
  // Local dates around the start, then day by day: a candidate belongs to the date it is on.
  let date = localMoment(zone, overrideEnd).date;
  date = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  for (let day = 0; day <= HORIZON_DAYS + 1; day++, date = nextDate(date)) {
    const candidates = [...new Set(candidatesOn(rules, zone, date))]
      .filter((instant) => instant > overrideEnd)
      .sort((a, b) => a - b);
    for (const instant of candidates) {
      if (statusAt(rules, zone, instant).open !== open) return new Date(instant);
    }
  }
  return null;
}

/** The schedule's state at an instant. The zone must be valid (the document schema checks it). */
export function scheduleStateAt(rules: ScheduleRules, at: Date): ScheduleState {
  const zone = IANAZone.create(rules.timezone);
  const status = statusAt(rules, zone, at.getTime());
  return { ...status, until: nextChange(rules, zone, at.getTime(), status.open) };
}

/** An instant as ISO 8601 in the schedule's zone, with its offset: "2026-03-29T09:00:00+01:00". */
export function isoInZone(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISO({ suppressMilliseconds: true })!;
}

/**
 * "When" as people and clients write it: ISO 8601 with an offset, or a wall time ("2026-12-24T18:00",
 * "2026-12-24") read in the given zone. Null when it is not such a date and time.
 */
export function parseInstant(text: string, timezone: string): Date | null {
  const parsed = DateTime.fromISO(text, { zone: timezone });
  return parsed.isValid ? parsed.toJSDate() : null;
}
