import type { TScheduleDocumentInput } from "@/server/domain/schedule/document";

/** The example schedule: weekdays 09:00-17:30 in London, a closure, English holidays. */
export function officeHours(name = "Office hours"): TScheduleDocumentInput {
  const weekday = [["09:00", "17:30"]] as [string, string][];
  return {
    name,
    timezone: "Europe/London",
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    closures: [{ date: "2026-12-24", name: "Office party" }],
    holidays: "GB-ENG",
    override: "auto",
  };
}
