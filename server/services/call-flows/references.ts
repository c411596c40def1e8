import type { Tx } from "@/server/db";
import {
  type AccountResources,
  listReferencedResources,
  RESOURCE_KINDS,
  type ReferencedResources,
  type ResourceKind,
} from "@/server/domain/call-flow";
import { Prisma } from "@/server/generated/prisma/client";

// ─── REFERENCES HOLD LIKE FOREIGN KEYS ─── A flow points at resources by uuid inside its JSON,
// where no foreign key can reach, so the write paths do what PostgreSQL does for a foreign key
// under READ COMMITTED, row by row and never account-wide:
// - A live flow's write locks every row it points at FOR KEY SHARE (lockedResourcesOf, in the
//   validation that refuses a missing one by its field), then writes the flow and its rows of
//   the reference index (CallFlowReference).
// - Deleting a resource deletes its row first, which waits for every writer holding it, and only
//   then, in a new statement, reads the index: a flow committed first is seen there and the
//   deletion refused; a flow written later waits for the deletion and then finds the row gone.
// - A phone number routed to a flow or by a schedule locks that row FOR KEY SHARE; deleting a
//   flow or a schedule locks it FOR UPDATE before it reads the numbers routed by it (lockRow).
// Shared locks never wait for each other, so writes of different flows of one account overlap.
// A transaction takes its row locks first and the account's audit-chain lock last (recordChange,
// its last statement), so no two writers take the same two locks in opposite orders.

/** The table of each kind of resource (constants: only these names are ever put into SQL). */
const TABLE_OF_KIND: Readonly<Record<ResourceKind, string>> = {
  sipUsers: "SipUser",
  huntGroups: "HuntGroup",
  sounds: "Sound",
  playlists: "Playlist",
  mailboxes: "Mailbox",
  trunks: "Trunk",
};

declare const lockedInTransaction: unique symbol;

/** Resources of the account found by a query that locked each FOR KEY SHARE until its transaction ends. */
export type LockedResources = AccountResources & { readonly [lockedInTransaction]: true };

/** The query's parts that find referenced resources: CTEs, and a column of "kind id" texts. */
export type ResourcesLookup = { ctes: Prisma.Sql[]; found: Prisma.Sql };

function lookup(accountId: Prisma.Sql, referenced: readonly ReferencedResources[], lock: boolean): ResourcesLookup {
  const wanted = RESOURCE_KINDS.map((kind) => ({ kind, ids: [...new Set(referenced.flatMap((one) => [...one[kind]]))] })).filter(
    (entry) => entry.ids.length > 0,
  );
  const locking = lock ? Prisma.sql`FOR KEY SHARE` : Prisma.empty;
  // A locking clause is not allowed on a UNION's branches, so each kind is a CTE of its own.
  const cte = (kind: ResourceKind) => Prisma.raw(`"found_${kind}"`);
  const ctes = wanted.map(
    ({ kind, ids }) => Prisma.sql`${cte(kind)} AS (
      SELECT id FROM ${Prisma.raw(`"${TABLE_OF_KIND[kind]}"`)}
      WHERE "accountId" = ${accountId} AND id = ANY(${ids}::uuid[]) ORDER BY id ${locking})`,
  );
  const selects = wanted.map(({ kind }) => Prisma.sql`SELECT ${`${kind} `} || id::text FROM ${cte(kind)}`);
  const found = selects.length === 0 ? Prisma.sql`ARRAY[]::text[]` : Prisma.sql`ARRAY(${Prisma.join(selects, " UNION ALL ")})`;
  return { ctes, found };
}

function resourcesOf(found: readonly string[]): AccountResources {
  const resources = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, new Set<string>()])) as Record<
    ResourceKind,
    Set<string>
  >;
  for (const entry of found) {
    const [kind, id] = entry.split(" ") as [ResourceKind, string];
    resources[kind].add(id);
  }
  return resources;
}

/**
 * The parts of a statement that find and lock the resources of the account the flows point at
 * (`accountSql`: an SQL expression, the account's id), for a write's own first statement; then
 * `lockedResourcesOf` reads the `found` column. A uuid of another account's resource is absent.
 */
export function lockingResourcesLookup(accountSql: Prisma.Sql, referenced: readonly ReferencedResources[]): ResourcesLookup {
  return lookup(accountSql, referenced, true);
}

export function lockedResourcesOf(found: readonly string[]): LockedResources {
  return resourcesOf(found) as LockedResources;
}

/**
 * The resources of the account that the flows point at, by kind, in one query whatever the
 * number of flows and kinds: a uuid of another account's resource is simply absent. With
 * `lock`, every row found stays locked FOR KEY SHARE until the transaction ends, in id order.
 */
export async function existingReferencedResources(
  client: Pick<Tx, "$queryRaw">,
  accountId: string,
  referenced: readonly ReferencedResources[],
  options: { lock: true },
): Promise<LockedResources>;
export async function existingReferencedResources(
  client: Pick<Tx, "$queryRaw">,
  accountId: string,
  referenced: readonly ReferencedResources[],
  options: { lock: boolean },
): Promise<AccountResources>;
export async function existingReferencedResources(
  client: Pick<Tx, "$queryRaw">,
  accountId: string,
  referenced: readonly ReferencedResources[],
  options: { lock: boolean },
): Promise<AccountResources> {
  const { ctes, found } = lookup(Prisma.sql`${accountId}::uuid`, referenced, options.lock);
  if (ctes.length === 0) return resourcesOf([]);
  const [row] = await client.$queryRaw<{ found: string[] }[]>`WITH ${Prisma.join(ctes, ", ")} SELECT ${found} AS found`;
  return resourcesOf(row!.found);
}

/**
 * How a transaction holds a row until it ends: so that it is not deleted (KEY SHARE), to change
 * it one writer at a time (NO KEY UPDATE, which leaves KEY SHARE holders be), or to delete it.
 */
type RowLock = "FOR KEY SHARE" | "FOR NO KEY UPDATE" | "FOR UPDATE";

/** Locks a row of the account (a flow, a schedule); false when there is none, another account's row included. */
export async function lockRow(
  tx: Pick<Tx, "$queryRaw">,
  table: "CallFlow" | "Schedule",
  accountId: string,
  id: string,
  lock: RowLock,
): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid AND "accountId" = ${accountId}::uuid ${Prisma.raw(lock)}`;
  return rows.length > 0;
}

/** A flow's row of the account, locked (see lockRow). */
export function lockFlowRow(tx: Pick<Tx, "$queryRaw">, accountId: string, flowId: string, lock: RowLock): Promise<boolean> {
  return lockRow(tx, "CallFlow", accountId, flowId, lock);
}

type ReferencingFlow = { id: string; name: string; extension: number };

function referenceKeys(flow: unknown): Set<string> {
  const referenced = listReferencedResources(flow);
  // A uuid written in two cases is one resource (the column is uuid).
  return new Set(RESOURCE_KINDS.flatMap((kind) => [...referenced[kind]].map((id) => `${kind} ${id.toLowerCase()}`)));
}

/** A new flow's rows of the reference index, for a flow written outside writeLiveFlow (the demo data). */
export function referenceRowsOf(flow: { id: string; accountId: string; flow: unknown }) {
  return [...referenceKeys(flow.flow)].map((key) => {
    const [kind, resourceId] = key.split(" ") as [ResourceKind, string];
    return { flowId: flow.id, accountId: flow.accountId, kind, resourceId };
  });
}

/**
 * Brings a flow's rows of the reference index (CallFlowReference) in line with its JSON: rows
 * it no longer needs deleted, new ones added, none touched when its references did not change.
 * CTEs of the one statement that writes a live flow (call-flows.ts writeLiveFlow), over its CTE
 * `written` (the flow's row as written), so the index never disagrees with a committed flow; a
 * deleted flow's rows go with it (foreign key, cascade). `indexed` is the JSON the index holds
 * for the flow now (null: nothing, a new or draft-only flow).
 */
export function referenceIndexCtes(flow: unknown, indexed: unknown): Prisma.Sql[] {
  const now = referenceKeys(flow);
  const before = indexed === null ? new Set<string>() : referenceKeys(indexed);
  const keys = (wanted: string[]) => {
    const pairs = wanted.map((key) => key.split(" ") as [ResourceKind, string]);
    return Prisma.sql`unnest(${pairs.map(([kind]) => kind)}::text[], ${pairs.map(([, id]) => id)}::uuid[])`;
  };
  const gone = [...before].filter((key) => !now.has(key));
  const added = [...now].filter((key) => !before.has(key));
  const ctes: Prisma.Sql[] = [];
  if (gone.length > 0) {
    ctes.push(Prisma.sql`unindexed AS (
      DELETE FROM "CallFlowReference" r USING written w
      WHERE r."flowId" = w.id AND (r.kind, r."resourceId") IN (SELECT * FROM ${keys(gone)}))`);
  }
  if (added.length > 0) {
    ctes.push(Prisma.sql`indexed AS (
      INSERT INTO "CallFlowReference" ("flowId", "accountId", "kind", "resourceId")
      SELECT w.id, w."accountId", k.kind, k.id FROM written w, ${keys(added)} AS k(kind, id)
      ON CONFLICT DO NOTHING)`);
  }
  return ctes;
}

/** The account's flows that point at a resource, by extension: read from the index, never from the flows' JSON. */
export async function flowsReferencing(
  tx: Tx,
  accountId: string,
  kind: ResourceKind,
  resourceId: string,
): Promise<ReferencingFlow[]> {
  return tx.callFlow.findMany({
    where: { accountId, references: { some: { accountId, kind, resourceId } } },
    select: { id: true, name: true, extension: true },
    orderBy: { extension: "asc" },
  });
}

/** `"Main" (501), "Night" (502)`: how messages name flows. */
export function describeFlows(flows: readonly ReferencingFlow[]): string {
  return flows.map((flow) => `"${flow.name}" (${flow.extension})`).join(", ");
}
