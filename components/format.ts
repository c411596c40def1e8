/** The calendar day (UTC), as the REST API shows it. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
