/** The calendar day (UTC), as the REST API shows it. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A moment in the browser's own time zone, e.g. "7 Dec 2026, 14:05". */
export function formatDateTime(date: Date): string {
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
