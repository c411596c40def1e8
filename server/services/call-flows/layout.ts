import { z } from "zod";
import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import type { Prisma } from "@/server/generated/prisma/client";
import { ZAccountId } from "../accounts/schemas";
import { resolveActingAccount, type AccountObjectRef } from "../acting-account";
import { recordChange } from "../audit/record";
import { findCallFlow, getCallFlow } from "./call-flows";

/**
 * Where the editor draws each module of a flow. It is the portal's own metadata: kept in its own
 * table, never in the flow's provider JSON, so the REST API and the flow's versions never see it.
 */

/** A flow has at most a few hundred modules; the cap keeps a runaway client from storing megabytes. */
const MAX_POSITIONS = 2_000;
const MAX_COORDINATE = 1_000_000;

const ZCoordinate = z
  .number("A position must be a number")
  .finite("A position must be a finite number")
  .min(-MAX_COORDINATE, `A position must be at least -${MAX_COORDINATE}`)
  .max(MAX_COORDINATE, `A position must be at most ${MAX_COORDINATE}`);

const ZModulePosition = z.object({ x: ZCoordinate, y: ZCoordinate });

export const ZFlowPositions = z
  .record(z.string().min(1, "A module key is required").max(100, "A module key is at most 100 characters"), ZModulePosition)
  .refine((positions) => Object.keys(positions).length <= MAX_POSITIONS, `At most ${MAX_POSITIONS} module positions`);
type TFlowPositions = z.infer<typeof ZFlowPositions>;

export const ZCallFlowLayoutRef = z.object({ accountId: ZAccountId, id: z.string().min(1, "Call flow is required") });
export const ZSaveCallFlowLayoutInput = ZCallFlowLayoutRef.extend({ positions: ZFlowPositions });
type TSaveCallFlowLayoutInput = z.infer<typeof ZSaveCallFlowLayoutInput>;

/** The positions saved for a flow, or null while none are (the editor then lays it out itself). */
export async function getCallFlowLayout(
  ctx: RequestContext,
  { accountId, id }: AccountObjectRef,
): Promise<TFlowPositions | null> {
  // Draft-only flows have a layout too: it is the portal's, not the callers'.
  const flow = await getCallFlow(ctx, { accountId, id, visibility: "any" });
  const layout = await db.callFlowLayout.findUnique({ where: { callFlowId: flow.id } });
  return layout ? (layout.positions as TFlowPositions) : null;
}

/** Replaces the flow's positions. Positions of modules not saved yet are kept: the flow may be saved later. */
export async function saveCallFlowLayout(ctx: RequestContext, input: TSaveCallFlowLayoutInput): Promise<TFlowPositions> {
  const account = await resolveActingAccount(db, ctx.principal, input.accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const flow = await findCallFlow(tx, account, input.id, "any");
    const before = await tx.callFlowLayout.findUnique({ where: { callFlowId: flow.id }, select: { positions: true } });
    const positions = input.positions as Prisma.InputJsonValue;
    await tx.callFlowLayout.upsert({
      where: { callFlowId: flow.id },
      create: { callFlowId: flow.id, positions },
      update: { positions },
    });
    // Positions are not worth a diff in the trail: who moved the modules of which flow, and how many.
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "callflow.layout",
      entityType: "callflow",
      entityId: flow.id,
      before: before ? { positionedModules: Object.keys(before.positions as object).length } : undefined,
      after: { positionedModules: Object.keys(input.positions).length },
    });
    return input.positions;
  });
}
