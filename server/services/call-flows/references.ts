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

/**
 * The resources of the account that the flows point at, by kind, in one query whatever the
 * number of flows and kinds: a uuid of another account's resource is simply absent. With
 * `lock`, every row found stays locked FOR KEY SHARE until the transaction ends, in id order.
 */
export async function existingReferencedResources(
  client: Pick<Tx, "$queryRaw">,
  accountId: string,
  referenced: readonly ReferencedResources[],
  options: { lock: boolean },
): Promise<AccountResources> {
  const found = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, new Set<string>()])) as Record<ResourceKind, Set<string>>;
  const wanted = RESOURCE_KINDS.map((kind) => ({ kind, ids: [...new Set(referenced.flatMap((one) => [...one[kind]]))] })).filter(
    (entry) => entry.ids.length > 0,
  );
  if (wanted.length === 0) return found;
  const locking = options.lock ? Prisma.sql`FOR KEY SHARE` : Prisma.empty;
  // A locking clause is not allowed on a UNION's branches, so each kind is a CTE of its own.
  const ctes = wanted.map(
    ({ kind, ids }) => Prisma.sql`${Prisma.raw(`"${kind}"`)} AS (
      SELECT id FROM ${Prisma.raw(`"${TABLE_OF_KIND[kind]}"`)}
      WHERE "accountId" = ${accountId}::uuid AND id = ANY(${ids}::uuid[]) ORDER BY id ${locking})`,
  );
  const selects = wanted.map(
    ({ kind }) => Prisma.sql`SELECT ${kind}::text AS kind, id::text AS id FROM ${Prisma.raw(`"${kind}"`)}`,
  );
  const rows = await client.$queryRaw<{ kind: ResourceKind; id: string }[]>`
    WITH ${Prisma.join(ctes, ", ")} ${Prisma.join(selects, " UNION ALL ")}`;
  for (const row of rows) found[row.kind].add(row.id);
  return found;
}

/**
 * How a transaction holds a row until it ends: so that it is not deleted (KEY SHARE), to change
 * it one writer at a time (NO KEY UPDATE, which leaves KEY SHARE holders be), or to delete it.
 */
export type RowLock = "FOR KEY SHARE" | "FOR NO KEY UPDATE" | "FOR UPDATE";

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

export type ReferencingFlow = { id: string; name: string; extension: number };

function referenceKeys(flow: unknown): Set<string> {
  const referenced = listReferencedResources(flow);
  // A uuid written in two cases is one resource (the column is uuid).
  return new Set(RESOURCE_KINDS.flatMap((kind) => [...referenced[kind]].map((id) => `${kind} ${id.toLowerCase()}`)));
}

/**
 * Brings a flow's rows of the reference index (CallFlowReference) in line with its JSON: rows
 * it no longer needs deleted, new ones added, none touched when its references did not change.
 * `indexed` is the JSON the index holds for the flow now (null: nothing, a new or draft-only
 * flow). Called only by the one function that writes a live flow (store.ts), inside its
 * transaction, so the index never disagrees with a committed flow; a deleted flow's rows go
 * with it (foreign key, cascade).
 */
export async function indexFlowReferences(
  tx: Tx,
  flow: { id: string; accountId: string; flow: unknown },
  indexed: unknown,
): Promise<void> {
  const now = referenceKeys(flow.flow);
  const before = indexed === null ? new Set<string>() : referenceKeys(indexed);
  const rowOf = (key: string) => {
    const [kind, resourceId] = key.split(" ") as [ResourceKind, string];
    return { flowId: flow.id, accountId: flow.accountId, kind, resourceId };
  };
  const gone = [...before].filter((key) => !now.has(key)).map(rowOf);
  const added = [...now].filter((key) => !before.has(key)).map(rowOf);
  if (gone.length > 0) {
    await tx.callFlowReference.deleteMany({
      where: { OR: gone.map(({ flowId, kind, resourceId }) => ({ flowId, kind, resourceId })) },
    });
  }
  if (added.length > 0) await tx.callFlowReference.createMany({ data: added, skipDuplicates: true });
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
