// PostgreSQL writes timestamps in JSON as ISO 8601 text whatever the session's DateStyle: a
// `timestamptz` with its offset ("2026-12-07T11:17:15.056+05:30"), a `timestamp` without a zone
// ("2026-12-07T05:47:15.056"). The portal's `timestamp` columns hold UTC, as Prisma writes them.
// This reads either back as the Date Prisma would give, for rows read as one JSON column (REST
// authentication's).

const HAS_OFFSET = /(?:Z|[+-]\d\d(?::\d\d){0,2})$/;

export function timestampFromJson(text: string): Date;
export function timestampFromJson(text: string | null): Date | null;
export function timestampFromJson(text: string | null): Date | null {
  if (text === null) return null;
  return new Date(HAS_OFFSET.test(text) ? text : `${text}Z`);
}
