import { db } from "@/server/db";
import { processSingleton } from "@/server/process-singleton";

// Which modules a version of a flow had (server/domain/calls/versions.ts says which version a call ran on).

/** Revisions never change, so their module keys are kept; at most this many versions' at once. */
const MAX_CACHED_VERSIONS = 5000;
const cachedKeys = () => processSingleton("callFlowVersionModules", () => new Map<string, ReadonlySet<string>>());

/** The module keys of each version named, by `<flow id>:<version>`; one query for those not cached. */
export async function moduleKeysOf(
  wanted: readonly { flowId: string; version: number }[],
): Promise<Map<string, ReadonlySet<string>>> {
  const cache = cachedKeys();
  const found = new Map<string, ReadonlySet<string>>();
  const missing = new Map<string, { flowId: string; version: number }>();
  for (const entry of wanted) {
    const key = `${entry.flowId}:${entry.version}`;
    const cached = cache.get(key);
    if (cached) found.set(key, cached);
    else missing.set(key, entry);
  }
  if (missing.size === 0) return found;
  const list = [...missing.values()];
  const rows = await db.$queryRaw<{ flowId: string; version: number; modules: string[] }[]>`
    SELECT r."callFlowId" AS "flowId", r.version, ARRAY(SELECT json_object_keys(r.flow)) AS modules
      FROM "CallFlowRevision" r
      JOIN unnest(${list.map((entry) => entry.flowId)}::uuid[], ${list.map((entry) => entry.version)}::int[]) AS w(f, v)
        ON r."callFlowId" = w.f AND r.version = w.v`;
  for (const row of rows) {
    const key = `${row.flowId}:${row.version}`;
    const modules = new Set(row.modules);
    if (cache.size >= MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
    cache.set(key, modules);
    found.set(key, modules);
  }
  return found;
}
