/** Dates reach the browser as ISO strings; show the calendar day, as the REST API does. */
export function formatDay(iso: string | Date): string {
  return (typeof iso === "string" ? iso : iso.toISOString()).slice(0, 10);
}
