import type { Tx } from "@/server/db";
import { listReferencedResources, type ResourceKind } from "@/server/domain/call-flow";

/**
 * Changes to an account's flows and to what points at them or what they point at run one at a
 * time: without it, a resource deleted while a flow using it is saved, or a flow deleted while a
 * phone number is assigned to it, could both pass their checks. Taken first in the transaction,
 * before the audit lock, so every writer takes the two in the same order.
 */
export async function lockFlowReferences(tx: Tx, accountId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`flow-references:${accountId}`}))`;
}

export type ReferencingFlow = { id: string; name: string; extension: number };

/** The account's flows that point at a resource, by extension. */
export async function flowsReferencing(tx: Tx, accountId: string, kind: ResourceKind, resourceId: string): Promise<ReferencingFlow[]> {
  const flows = await tx.callFlow.findMany({
    where: { accountId },
    select: { id: true, name: true, extension: true, flow: true },
    orderBy: { extension: "asc" },
  });
  return flows.filter((flow) => listReferencedResources(flow.flow)[kind].has(resourceId)).map(({ flow: _flow, ...summary }) => summary);
}

/** `"Main" (501), "Night" (502)`: how messages name flows. */
export function describeFlows(flows: readonly ReferencingFlow[]): string {
  return flows.map((flow) => `"${flow.name}" (${flow.extension})`).join(", ");
}
