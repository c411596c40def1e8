import type { RequestContext } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { isUuid } from "@/server/auth/scope";
import { AppError, type FieldIssue, notFound } from "@/server/errors";
import type { CallFlowDraft, Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount, type ActingAccount } from "../acting-account";
import { actorLabel, recordChange } from "../audit/record";
import { explainExtensionClash, extensionClash } from "../extension-claims";
import { documentOf } from "./document";
import { lockFlowRow } from "./references";
import { findCallFlow, refuseErrors, snapshot, writeLiveVersion, type StoredCallFlow } from "./call-flows";
import { validateForAccount, validateForWrite } from "./validation";
import { reserveWithinPlan } from "../plans/limits";

// Drafts: the portal's edits of a flow, kept apart from what callers hear until published.
// A flow has at most one draft (CallFlowDraft, keyed by the flow). A flow that was never
// published (CallFlow.published = false) is only a draft: its row exists to hold its extension.

/** The editable document of a flow, in the provider's format (name, extension, flow, show flags). */
type DraftDocument = ReturnType<typeof documentOf>;

type StoredDraft = CallFlowDraft;

/** Where the editor stands: the live flow (null when never published) and its draft, if any. */
export type DraftState = {
  flow: StoredCallFlow;
  live: DraftDocument | null;
  draft: StoredDraft | null;
  /** Live moved on since the draft started (a REST PUT, someone else publishing): publishing needs a confirmation. */
  liveChangedSinceBase: boolean;
};

function stateOf(flow: StoredCallFlow, draft: StoredDraft | null): DraftState {
  return {
    flow,
    live: flow.published ? documentOf(flow) : null,
    draft,
    liveChangedSinceBase: draft !== null && flow.published && draft.baseVersion !== flow.version,
  };
}

async function findDraft(tx: Pick<Tx, "callFlowDraft">, flow: StoredCallFlow): Promise<StoredDraft | null> {
  return tx.callFlowDraft.findUnique({ where: { flowId: flow.id } });
}

/** The flow (draft-only ones too) and its draft, for the editor. */
export async function getDraftState(
  ctx: RequestContext,
  { accountId, flowId }: { accountId: string; flowId: string },
): Promise<DraftState> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const flow = await findCallFlow(db, account, flowId, "any");
  return stateOf(flow, await findDraft(db, flow));
}

function asJson(document: unknown): Prisma.InputJsonValue {
  return document as Prisma.InputJsonValue;
}

/**
 * A brand-new flow that exists only as a draft, inside the caller's transaction: never heard by
 * callers, absent from the REST API and unroutable, but its extension is reserved at once (the
 * row's claim), so name and extension must be valid and free; the flow itself may still have
 * errors, which publishing refuses. Audited as callflow.draft_create (nothing live changed).
 */
export async function createDraftOnlyFlow(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  document: unknown,
): Promise<StoredCallFlow> {
  const { errors } = await validateForAccount(tx, account, document);
  const identityErrors = errors.filter((issue) => issue.path === "name" || issue.path === "extension");
  if (identityErrors.length > 0)
    throw new AppError("BAD_REQUEST", identityErrors.map((issue) => issue.message).join("; "), identityErrors);
  const input = document as DraftDocument;
  const clash = await extensionClash(tx, account.id, input.extension);
  if (clash) throw new AppError("CONFLICT", clash.message, [clash]);
  await reserveWithinPlan(tx, account.id, "flows");
  const created = await tx.callFlow.create({
    data: {
      accountId: account.id,
      name: input.name,
      extension: input.extension,
      flow: asJson(input.flow ?? {}),
      showCallRouteName: input.show_call_route_name ?? false,
      showOriginalCallerId: input.show_original_caller_id ?? false,
      // Version 0: no version of it was ever live; the first publish makes version 1.
      version: 0,
      published: false,
    },
  });
  await tx.callFlowDraft.create({
    data: {
      flowId: created.id,
      accountId: account.id,
      document: asJson(document),
      baseVersion: 0,
      baseDocument: asJson(documentOf(created)),
      updatedByLabel: actorLabel(ctx.principal),
    },
  });
  await recordChange(tx, ctx, {
    accountId: account.id,
    action: "callflow.draft_create",
    entityType: "callflow",
    entityId: created.id,
    after: { ...snapshot(created), published: false },
  });
  return created;
}

/** The portal's "new flow": a draft-only flow in its own transaction. */
export async function createDraftFlow(
  ctx: RequestContext,
  { accountId, document }: { accountId: string; document: unknown },
): Promise<StoredCallFlow> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  try {
    return await accountWriteTransaction(account.id, (tx) => createDraftOnlyFlow(tx, ctx, account, document));
  } catch (error) {
    const extension = (document as { extension?: unknown }).extension;
    return explainExtensionClash(error, account, typeof extension === "number" ? extension : NaN);
  }
}

/** The live document at `version`: the flow itself when current, else that version's revision. */
async function documentAtVersion(
  tx: Tx,
  flow: StoredCallFlow,
  version: number,
): Promise<{ version: number; document: DraftDocument }> {
  if (version === flow.version) return { version, document: documentOf(flow) };
  const revision = await tx.callFlowRevision.findUnique({ where: { callFlowId_version: { callFlowId: flow.id, version } } });
  // A version never saved: the draft can only be compared with live as it is.
  return revision ? { version, document: documentOf(revision) } : { version: flow.version, document: documentOf(flow) };
}

/**
 * Saves the editor's document as the flow's draft, whatever its errors (the editor saves as the
 * user types). The first save of a draft records its base: `startedFromVersion`, the live version
 * the editor opened (so a publish by someone else in between is noticed), else live now. Not
 * audited: a draft changes nothing callers hear; publishing it is audited.
 */
export async function saveDraft(
  ctx: RequestContext,
  {
    accountId,
    flowId,
    document,
    startedFromVersion,
  }: { accountId: string; flowId: string; document: unknown; startedFromVersion?: number },
): Promise<DraftState> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const flow = await findCallFlow(tx, account, flowId, "any");
    const existing = await findDraft(tx, flow);
    if (existing) {
      const saved = await tx.callFlowDraft.update({
        where: { flowId: flow.id },
        data: { document: asJson(document), updatedByLabel: actorLabel(ctx.principal) },
      });
      return stateOf(flow, saved);
    }
    const base = await documentAtVersion(tx, flow, startedFromVersion ?? flow.version);
    const saved = await tx.callFlowDraft.upsert({
      where: { flowId: flow.id },
      create: {
        flowId: flow.id,
        accountId: account.id,
        document: asJson(document),
        baseVersion: base.version,
        baseDocument: asJson(base.document),
        updatedByLabel: actorLabel(ctx.principal),
      },
      update: { document: asJson(document), updatedByLabel: actorLabel(ctx.principal) },
    });
    return stateOf(flow, saved);
  });
}

/**
 * Throws the draft away (audited as callflow.draft_discard). A flow that was never published is
 * nothing but its draft, so discarding it deletes the flow and frees its extension.
 */
export async function discardDraft(
  ctx: RequestContext,
  { accountId, flowId }: { accountId: string; flowId: string },
): Promise<{ flowDeleted: boolean }> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const flow = await findCallFlow(tx, account, flowId, "any");
    // One change of a flow's draft at a time (publish, schedule, discard); FOR UPDATE, as a
    // draft-only flow goes with its draft.
    if (!(await lockFlowRow(tx, account.id, flow.id, "FOR UPDATE"))) throw notFound("Call flow");
    const draft = await findDraft(tx, flow);
    if (!draft) throw notFound("Draft of the call flow");
    // A publish scheduled for this draft has nothing left to publish; its job finds it cancelled.
    const { count: cancelledSchedules } = await tx.scheduledPublish.updateMany({
      where: { flowId: flow.id, status: "pending" },
      data: { status: "cancelled", failure: "The draft was discarded", finishedAt: new Date() },
    });
    if (flow.published) {
      await tx.callFlowDraft.delete({ where: { flowId: flow.id } });
    } else {
      // Cascades to the draft and its scheduled publishes.
      await tx.callFlow.delete({ where: { id: flow.id } });
    }
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "callflow.draft_discard",
      entityType: "callflow",
      entityId: flow.id,
      before: { draft: draft.document, baseVersion: draft.baseVersion, flowDeleted: !flow.published, cancelledSchedules },
    });
    return { flowDeleted: !flow.published };
  });
}

type PublishOptions = {
  /** Publish even though live changed since the draft's base (the user saw live, base and draft). */
  overwriteLiveChanges?: boolean;
};

type PublishResult = { flow: StoredCallFlow; warnings: FieldIssue[] };

/**
 * Publishes the draft inside the caller's transaction: refused
 * with every error listed when it has errors, and refused (STALE_VERSION) when live changed since
 * the draft's base unless the caller confirms. Then the draft becomes the new live version
 * through the one live writer (revision, audit callflow.publish) and is deleted.
 */
export async function publishDraftIn(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  flowId: string,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const flow = await findCallFlow(tx, account, flowId, "any");
  // One change of a flow's draft at a time (publish, schedule, discard); REST saves still pass.
  if (!(await lockFlowRow(tx, account.id, flow.id, "FOR NO KEY UPDATE"))) throw notFound("Call flow");
  const draft = await findDraft(tx, flow);
  if (!draft) throw new AppError("CONFLICT", "The call flow has no draft to publish");
  if (draft.baseVersion !== flow.version && !options.overwriteLiveChanges) {
    throw new AppError(
      "STALE_VERSION",
      `The live call flow changed since this draft was started (version ${draft.baseVersion}, now ${flow.version}): ` +
        "compare them, then publish over it",
    );
  }
  const { errors, warnings, writable } = await validateForWrite(tx, account, draft.document);
  refuseErrors(errors);
  await tx.callFlowDraft.delete({ where: { flowId: flow.id } });
  // Last: its audit event takes the account's audit lock, held until commit.
  const published = await writeLiveVersion(tx, ctx, account, flow, writable!, { action: "callflow.publish" });
  return { flow: published, warnings };
}

export async function publishDraft(
  ctx: RequestContext,
  { accountId, flowId, options = {} }: { accountId: string; flowId: string; options?: PublishOptions },
): Promise<PublishResult> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  let extension = NaN;
  try {
    return await accountWriteTransaction(account.id, async (tx) => {
      const draft = isUuid(flowId)
        ? await tx.callFlowDraft.findFirst({ where: { flowId, accountId: account.id }, select: { document: true } })
        : null;
      extension = Number((draft?.document as { extension?: unknown } | undefined)?.extension);
      return publishDraftIn(tx, ctx, account, flowId, options);
    });
  } catch (error) {
    return explainExtensionClash(error, account, extension);
  }
}
