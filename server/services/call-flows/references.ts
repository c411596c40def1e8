import "server-only";
import { db, type Tx } from "@/server/db";
import { inAccountTurn } from "@/server/db/account-turns";
import { databaseTimeouts } from "@/server/db/target";
import { listReferencedResources, RESOURCE_KINDS, type ResourceKind } from "@/server/domain/call-flow";

/**
 * Changes to an account's flows and to what points at them or what they point at run one at a
 * time: without it, a resource deleted while a flow using it is saved, or a flow deleted while a
 * phone number is assigned to it, could both pass their checks. Taken first in the transaction,
 * before the audit lock, so every writer takes the two in the same order.
 */
export async function lockFlowReferences(tx: Tx, accountId: string): Promise<void> {
  // Waits at most the connection's lock_timeout (server/db/adapter.ts); past it, RETRY_LATER.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`flow-references:${accountId}`}))`;
}

/**
 * A transaction that starts with the account's flow-references lock, entered in the account's
 * turn in this process (server/db/account-turns.ts), so waiting writers hold no connection.
 */
export function flowReferencesTransaction<T>(accountId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inAccountTurn(accountId, databaseTimeouts().lockMs, () =>
    db.$transaction(async (tx) => {
      await lockFlowReferences(tx, accountId);
      return work(tx);
    }),
  );
}

export type ReferencingFlow = { id: string; name: string; extension: number };

/**
 * Rewrites a flow's rows of the reference index (CallFlowReference) from its JSON. Called only by
 * the one function that writes a live flow (store.ts), inside its transaction, so the index never
 * disagrees with a committed flow; a deleted flow's rows go with it (foreign key, cascade).
 */
export async function indexFlowReferences(tx: Tx, flow: { id: string; accountId: string; flow: unknown }): Promise<void> {
  await tx.callFlowReference.deleteMany({ where: { flowId: flow.id } });
  const referenced = listReferencedResources(flow.flow);
  const rows = RESOURCE_KINDS.flatMap((kind) =>
    [...referenced[kind]].map((resourceId) => ({ flowId: flow.id, accountId: flow.accountId, kind, resourceId })),
  );
  // A uuid written in two cases is one resource (the column is uuid): kept once.
  if (rows.length > 0) await tx.callFlowReference.createMany({ data: rows, skipDuplicates: true });
}

/** The account's flows that point at a resource, by extension: read from the index, never from the flows' JSON. */
export async function flowsReferencing(tx: Tx, accountId: string, kind: ResourceKind, resourceId: string): Promise<ReferencingFlow[]> {
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
