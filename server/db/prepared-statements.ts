import { createHash } from "node:crypto";

// ─── NAMED PREPARED STATEMENTS ─── for the few fixed SQL texts on a hot path. ───
// PostgreSQL parses and plans an unnamed statement on every execution. A text registered here
// is sent under a name instead (pg's `{ name, text }`), so each pooled connection parses it once
// and may reuse its plan. Only fixed texts may be registered: every name stays on every
// connection for its lifetime, so a text built per request would grow without bound. The
// embedded database runs in process and needs no names, and a URL with `pgbouncer=true` (a
// pooler in transaction mode, docs/deploy.md) turns the names off.

const names = new Map<string, string>();

/** Registers a fixed SQL text to run as a named prepared statement; returns the text unchanged. */
export function preparedStatement(text: string): string {
  if (!names.has(text)) names.set(text, `portal_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`);
  return text;
}

/** The name to send a query's text under, or undefined for an ordinary (unnamed) statement. */
export function preparedStatementName(text: string): string | undefined {
  return names.get(text);
}
