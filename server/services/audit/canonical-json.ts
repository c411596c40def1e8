/**
 * JSON with object keys sorted at every level, so the same event always hashes the same,
 * whatever order its fields were built or read back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** What a value looks like once stored in a JSON column and read back (dates become strings). */
export function asStoredJson<T>(value: T): T | null {
  return value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as T);
}
