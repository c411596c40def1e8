import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import { ZFlowMap, type TFlowMap } from "@/server/domain/call-flow";
import {
  listEndings,
  simulateCall,
  type CallScenario,
  type EndingsReport,
  type SimulationResources,
  type SimulationResult,
} from "@/server/domain/call-flow/simulate";
import { AppError } from "@/server/errors";
import { type ActingAccount, resolveActingAccount } from "../acting-account";
import { getDraftState } from "./drafts";
import { getCallFlow } from "./call-flows";

/** Every resource a flow of the account can point at, with what people call it. */
export async function resourceDirectory(account: ActingAccount) {
  const where = { accountId: account.id };
  const byName = { name: "asc" } as const;
  const [sipUsers, huntGroups, sounds, playlists, mailboxes, trunks] = await Promise.all([
    db.sipUser.findMany({
      where,
      select: { id: true, name: true, extension: true, hasMailbox: true },
      orderBy: { extension: "asc" },
    }),
    db.huntGroup.findMany({ where, select: { id: true, name: true, extension: true }, orderBy: { extension: "asc" } }),
    db.sound.findMany({ where, select: { id: true, name: true, durationMs: true, format: true }, orderBy: byName }),
    db.playlist.findMany({ where, select: { id: true, name: true }, orderBy: byName }),
    db.mailbox.findMany({ where, select: { id: true, name: true, boxNumber: true }, orderBy: { boxNumber: "asc" } }),
    db.trunk.findMany({ where, select: { id: true, name: true }, orderBy: byName }),
  ]);
  return { sipUsers, huntGroups, sounds, playlists, mailboxes, trunks };
}
export type ResourceDirectory = Awaited<ReturnType<typeof resourceDirectory>>;

/** The account's resources by uuid, for the names a simulated call hears and rings. */
async function simulationResources(account: ActingAccount): Promise<SimulationResources> {
  const { sipUsers, huntGroups, sounds, playlists, mailboxes, trunks } = await resourceDirectory(account);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  return {
    sipUsers: byId(sipUsers),
    huntGroups: byId(huntGroups),
    sounds: byId(sounds),
    playlists: byId(playlists),
    mailboxes: byId(mailboxes),
    trunks: byId(trunks),
  };
}

/** A stored flow: "live" (what callers reach; a draft-only flow is not found) or its "draft" (live when it has none). */
type StoredFlowSource = { flowId: string; mode?: "live" | "draft" };

type SimulationSource = StoredFlowSource | { flow: unknown };

async function storedFlowMap(
  ctx: RequestContext,
  accountId: string,
  { flowId, mode = "live" }: StoredFlowSource,
): Promise<unknown> {
  if (mode === "live") return (await getCallFlow(ctx, { accountId, id: flowId })).flow;
  const { flow, draft } = await getDraftState(ctx, { accountId, flowId });
  return draft ? (draft.document as { flow?: unknown }).flow : flow.flow;
}

/**
 * The flow to simulate: the unsaved one from the editor when given, else the stored one; either
 * must at least have the shape of a flow map (a draft may not).
 */
async function flowToSimulate(ctx: RequestContext, accountId: string, source: SimulationSource): Promise<TFlowMap> {
  const flow = "flowId" in source ? await storedFlowMap(ctx, accountId, source) : source.flow;
  const parsed = ZFlowMap.safeParse(flow);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Fix the flow's errors before simulating a call");
  return flow as TFlowMap;
}

export async function simulateCallFlow(
  ctx: RequestContext,
  { accountId, source, scenario }: { accountId: string; source: SimulationSource; scenario: CallScenario },
): Promise<SimulationResult> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const flow = await flowToSimulate(ctx, account.id, source);
  return simulateCall(flow, await simulationResources(account), scenario);
}

export async function listCallFlowEndings(
  ctx: RequestContext,
  { accountId, source }: { accountId: string; source: SimulationSource },
): Promise<EndingsReport> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const flow = await flowToSimulate(ctx, account.id, source);
  return listEndings(flow, await simulationResources(account));
}
