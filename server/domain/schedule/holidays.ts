import Holidays from "date-holidays";

// Public holidays of a region, from the date-holidays calendar (maintained upstream, with
// observed and substitute days). Only days off count: public and bank holidays; observances,
// optional and school holidays leave a business open.

const CLOSED_TYPES = new Set(["public", "bank"]);

export type Holiday = { date: string; name: string };

/** Regions cached by code: building one parses its rules, and schedules ask for the same few. */
const calendars = new Map<string, Holidays>();

function calendarOf(region: string): Holidays | null {
  const cached = calendars.get(region);
  if (cached) return cached;
  if (!isHolidayRegion(region)) return null;
  const [country, state, subregion] = region.split("-");
  const calendar = new Holidays(country!, state ?? "", subregion ?? "", { types: ["public", "bank"] });
  calendars.set(region, calendar);
  return calendar;
}

/** Whether the holiday calendar knows the country, and its state and region when given. */
export function isHolidayRegion(region: string): boolean {
  const [country, state, subregion, ...rest] = region.split("-");
  if (!country || rest.length > 0) return false;
  const lookup = new Holidays();
  if (!Object.hasOwn(lookup.getCountries() ?? {}, country)) return false;
  if (state === undefined) return true;
  if (!Object.hasOwn(lookup.getStates(country) ?? {}, state)) return false;
  return subregion === undefined || Object.hasOwn(lookup.getRegions(country, state) ?? {}, subregion);
}

export type HolidayRegionOption = { code: string; name: string };

/** Every country, and every state of it, as the picker offers them. */
export function holidayRegions(): HolidayRegionOption[] {
  const lookup = new Holidays();
  const options: HolidayRegionOption[] = [];
  for (const [country, countryName] of Object.entries(lookup.getCountries("en") ?? {})) {
    options.push({ code: country, name: countryName });
    for (const [state, stateName] of Object.entries(lookup.getStates(country, "en") ?? {})) {
      options.push({ code: `${country}-${state}`, name: `${countryName}: ${stateName}` });
    }
  }
  return options.sort((a, b) => a.name.localeCompare(b.name));
}

const yearCache = new Map<string, Map<string, string>>();

/** The region's days off in a year: local date "YYYY-MM-DD" → names (a day may have two). */
function daysOff(region: string, year: number): Map<string, string> {
  const key = `${region}:${year}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const days = new Map<string, string>();
  for (const holiday of calendarOf(region)?.getHolidays(year) ?? []) {
    if (!CLOSED_TYPES.has(holiday.type)) continue;
    const date = holiday.date.slice(0, 10);
    const named = days.get(date);
    days.set(date, named ? `${named}, ${holiday.name}` : holiday.name);
  }
  yearCache.set(key, days);
  return days;
}

/** The holiday on a local calendar date, or null. */
export function holidayOn(region: string, date: string): string | null {
  return daysOff(region, Number(date.slice(0, 4))).get(date) ?? null;
}

/** The region's next days off from a date on (inclusive), in order. */
export function comingHolidays(region: string, fromDate: string, count: number): Holiday[] {
  const year = Number(fromDate.slice(0, 4));
  const coming: Holiday[] = [];
  for (const y of [year, year + 1]) {
    for (const [date, name] of [...daysOff(region, y)].sort(([a], [b]) => a.localeCompare(b))) {
      if (date >= fromDate && coming.length < count) coming.push({ date, name });
    }
  }
  return coming;
}
