import type { Closure, Override, ScheduleRules, TScheduleDocument, WeeklyHours } from "@/server/domain/schedule";
import type { Schedule } from "@/server/generated/prisma/client";

// A stored schedule read as the domain and the clients see it. No I/O, so the API
// representations (services/representations.ts) use it without reaching the store.

/** What a stored schedule's state depends on. An override whose end has passed is automatic. */
export function rulesOf(schedule: Schedule): ScheduleRules {
  return {
    timezone: schedule.timezone,
    hours: schedule.hours as WeeklyHours,
    closures: schedule.closures as Closure[],
    holidays: schedule.holidays,
    override: schedule.override as Override,
    overrideUntil: schedule.overrideUntil,
  };
}

/** The schedule as clients write it; an override that has run out reads as automatic. */
export function documentOf(schedule: Schedule, now = new Date()): TScheduleDocument {
  const expired = schedule.overrideUntil !== null && schedule.overrideUntil.getTime() <= now.getTime();
  return {
    name: schedule.name,
    timezone: schedule.timezone,
    hours: schedule.hours as WeeklyHours,
    closures: schedule.closures as Closure[],
    holidays: schedule.holidays,
    override: expired ? "auto" : (schedule.override as Override),
    overrideUntil: expired ? null : (schedule.overrideUntil?.toISOString() ?? null),
  };
}
