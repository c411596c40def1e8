import { db } from "@/server/db";
import { processSingleton } from "@/server/process-singleton";

// Which version of a flow a call ran on, and which modules that version had.

export type FlowVersions = {
  flowId: string;
  accountId: string;
  /** The flow's version now, for a flow whose history holds no revision. */
  currentVersion: number;
  /** Its revisions, oldest first, each live from its createdAt until the next one's. */
  versions: { version: number; createdAt: Date }[];
};

/**
 * The version live at `startedAt`: the newest revision made at or before it. A call from before
 * the flow's first revision (a switch's clock behind ours, calls of a flow imported with its
 * history) ran on the first.
 */
export function versionLiveAt(flow: FlowVersions, startedAt: Date): number {
  let live = flow.versions[0]?.version ?? flow.currentVersion;
  for (const { version, createdAt } of flow.versions) {
    if (createdAt > startedAt) break;
    live = version;
  }
  return live;
}

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
