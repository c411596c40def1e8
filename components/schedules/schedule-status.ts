// How the portal words a schedule's state: "Open now, closes at 17:30". Times are shown in the
// schedule's own zone, the one its hours are written in.

import type { RouterOutputs } from "@/components/trpc";

type StateView = RouterOutputs["schedules"]["list"][number]["state"];

/** "(holiday: Christmas Day)", "(manual)", "(outside hours)", or nothing for plain hours. */
export function reasonText(state: Pick<StateView, "reason" | "detail">): string {
  switch (state.reason) {
    case "hours":
      return "";
    case "override":
      return " (manual)";
    case "outside_hours":
      return " (outside hours)";
    case "closure":
      return ` (closure: ${state.detail ?? ""})`;
    case "holiday":
      return ` (holiday: ${state.detail ?? ""})`;
  }
}

function dayOf(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    instant,
  );
}

/** "at 17:30" today, "on Tue 29 Dec at 09:00" another day, in the schedule's zone. */
function whenText(until: string, timezone: string, now = new Date()): string {
  const instant = new Date(until);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  if (dayOf(instant, timezone) === dayOf(now, timezone)) return `at ${time}`;
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "numeric", month: "short" }).format(
    instant,
  );
  return `on ${day.replace(",", "")} at ${time}`;
}

/** The status line: "Open now, closes at 17:30", "Closed now (holiday: Boxing Day), opens on Tue 29 Dec at 09:00". */
export function statusLine(state: StateView, timezone: string, now = new Date()): string {
  const head = `${state.open ? "Open" : "Closed"} now${reasonText(state)}`;
  if (state.until === null) return state.reason === "override" ? `${head} until switched back` : head;
  return `${head}, ${state.open ? "closes" : "opens"} ${whenText(state.until, timezone, now)}`;
}

/** A datetime-local input's value (the browser's wall time) as an instant, or null when empty. */
export function instantFromLocalInput(value: string): string | null {
  return value === "" ? null : new Date(value).toISOString();
}
