/**
 * Schedules: business hours, closures, public holidays and a manual override, and the state
 * they give at any instant. Pure code with no I/O; the services store and route by it.
 */
export * from "./document";
export { comingHolidays, type Holiday, type HolidayRegionOption, holidayOn, holidayRegions, isHolidayRegion } from "./holidays";
export { isoInZone, parseInstant, type ScheduleState, scheduleStateAt, STATE_REASONS, type StateReason } from "./state";
