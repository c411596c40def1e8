import type { RequestContext } from "@/server/auth/actor";
import { accountsWithinReach, isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { nextFreeExtension, type TCallFlowInput } from "@/server/domain/call-flow";
import { AppError, type FieldIssue, isRecordNotFound, notFound } from "@/server/errors";
import type { CallFlow, Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount, rowsOfAccountInReach, type ActingAccount, type InAccount } from "../acting-account";
import { actorLabel, recordChange } from "../audit/record";
import { explainExtensionClash } from "../extension-claims";
import { checkIfMatch } from "../preconditions";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { indexFlowReferences, lockFlowRow } from "./references";
import { documentOf } from "./document";
import { validateForWrite, type WritableFlow } from "./validation";

export type StoredCallFlow = CallFlow;

export function callFlowWhere(account: ActingAccount, id: string) {
  return { id, accountId: account.id };
}

/**
 * Which flows a lookup sees: "live" ones (what callers, the REST API and phone numbers use), or
 * "any", draft-only flows too (the portal's editor and list).
 */
export type FlowVisibility = "live" | "any";

const PUBLISHED_ONLY = { published: true } as const;

function visibleWhere(visibility: FlowVisibility) {
  return visibility === "live" ? PUBLISHED_ONLY : {};
}

export async function findCallFlow(
  tx: Pick<Tx, "callFlow">,
  account: ActingAccount,
  id: string,
  visibility: FlowVisibility = "live",
): Promise<StoredCallFlow> {
  const flow = isUuid(id)
    ? await tx.callFlow.findFirst({ where: { ...callFlowWhere(account, id), ...visibleWhere(visibility) } })
    : null;
  // A flow that exists only as a draft is as absent to live users as one that never existed.
  if (!flow) throw notFound("Call flow");
  return flow;
}

/**
 * Validation errors become one BAD_REQUEST listing every problem; nothing is written. What it
 * returns may be written: the resources it points at are locked until `tx` ends.
 */
async function validOrThrow(tx: Tx, account: ActingAccount, document: unknown): Promise<WritableFlow> {
  const { errors, writable } = await validateForWrite(tx, account, document);
  refuseErrors(errors);
  return writable!;
}

export function refuseErrors(errors: FieldIssue[]): void {
  if (errors.length > 0) {
    throw new AppError("BAD_REQUEST", `The call flow has ${errors.length} error${errors.length === 1 ? "" : "s"}`, errors);
  }
}

function columnsOf(input: TCallFlowInput) {
  return {
    name: input.name,
    extension: input.extension,
    // Stored as sent (a `json` column keeps the text), so a client gets back what it wrote.
    flow: input.flow as Prisma.InputJsonValue,
    // Omitted optional fields return to their defaults: a save replaces the whole object.
    showCallRouteName: input.show_call_route_name ?? false,
    showOriginalCallerId: input.show_original_caller_id ?? false,
  };
}

/** What the audit trail keeps of a flow. */
export function snapshot(flow: StoredCallFlow) {
  return { ...documentOf(flow), version: flow.version };
}

/** Every saved version is kept, immutable, with who saved it. */
async function recordRevision(tx: Tx, ctx: RequestContext, flow: StoredCallFlow, restoredFromVersion?: number) {
  // createMany: nothing is read back, so nothing (the whole flow again) is returned and parsed.
  await tx.callFlowRevision.createMany({
    data: {
      callFlowId: flow.id,
      accountId: flow.accountId,
      version: flow.version,
      name: flow.name,
      extension: flow.extension,
      flow: flow.flow as Prisma.InputJsonValue,
      showCallRouteName: flow.showCallRouteName,
      showOriginalCallerId: flow.showOriginalCallerId,
      createdByLabel: actorLabel(ctx.principal),
      restoredFromVersion: restoredFromVersion ?? null,
    },
  });
}

/** Flows the REST API's list reads at a time: at most about 2.5 MB of flow JSON in memory. */
const FLOW_LIST_PAGE = 10;

type AccountRows = { accountId: string; account: Prisma.AccountWhereInput };

/**
 * Every flow of the account by extension, a page at a time (a keyset on the extension, unique
 * on the account): the REST API's list, streamed. The first page is read before this returns,
 * so an account out of reach is NOT_FOUND before anything is sent.
 */
export async function callFlowPages(ctx: RequestContext, { accountId }: InAccount): Promise<AsyncGenerator<StoredCallFlow[]>> {
  const read = (where: AccountRows, afterExtension?: number) =>
    db.callFlow.findMany({
      where: { ...where, ...PUBLISHED_ONLY, extension: afterExtension === undefined ? undefined : { gt: afterExtension } },
      orderBy: { extension: "asc" },
      take: FLOW_LIST_PAGE,
    });
  let where: AccountRows | undefined;
  const first = await rowsOfAccountInReach(db, ctx.principal, accountId, (inReach) => {
    where = inReach;
    return read(inReach);
  });
  async function* pages() {
    for (let page = first; page.length > 0; page = await read(where!, page[page.length - 1]!.extension)) {
      yield page;
      if (page.length < FLOW_LIST_PAGE) return;
    }
  }
  return pages();
}

/** One query: the flow, on the account acted for, that account within the principal's reach. */
export async function getCallFlow(
  ctx: RequestContext,
  { accountId, id, visibility = "live" }: { accountId: string; id: string; visibility?: FlowVisibility },
): Promise<StoredCallFlow> {
  const flow =
    isUuid(id) && isUuid(accountId)
      ? await db.callFlow.findFirst({
          where: { id, accountId, account: accountsWithinReach(ctx.principal), ...visibleWhere(visibility) },
        })
      : null;
  // An account out of reach and a flow that is not there are the same "not found".
  if (!flow) throw notFound("Call flow");
  return flow;
}

/**
 * ─── THE ONE WRITE OF A LIVE FLOW ─── Everything that changes what callers hear (create,
 * duplicate, update, restore, publishing a draft) writes the flow row here and nowhere else, so
 * the reference index (CallFlowReference) is rewritten in the same transaction, every time.
 * `input` comes from validateForWrite in the same transaction, which locked what it points at.
 * `replacing`: the flow the write replaces, as read in this transaction, and the version it must
 * still have, or null for a new flow. Returns null when that version is no longer current (the
 * version check and the write are one statement).
 */
export async function writeLiveFlow(
  tx: Tx,
  account: ActingAccount,
  input: WritableFlow,
  replacing: null,
): Promise<StoredCallFlow>;
export async function writeLiveFlow(
  tx: Tx,
  account: ActingAccount,
  input: WritableFlow,
  replacing: { current: StoredCallFlow; version: number },
): Promise<StoredCallFlow | null>;
export async function writeLiveFlow(
  tx: Tx,
  account: ActingAccount,
  input: WritableFlow,
  replacing: { current: StoredCallFlow; version: number } | null,
): Promise<StoredCallFlow | null> {
  let written: StoredCallFlow;
  if (replacing === null) {
    written = await tx.callFlow.create({ data: { accountId: account.id, ...columnsOf(input) } });
  } else {
    // One UPDATE … RETURNING: the version in the condition refuses a write that lost a race.
    const updated = await tx.callFlow
      .update({
        where: { ...callFlowWhere(account, replacing.current.id), version: replacing.version },
        // A draft-only flow becomes published by its first live write.
        data: { ...columnsOf(input), version: { increment: 1 }, published: true },
      })
      .catch((error: unknown) => (isRecordNotFound(error) ? null : Promise.reject(error)));
    if (updated === null) return null;
    written = updated;
  }
  // The index holds a published flow's references; a draft-only flow has none there yet.
  const indexed = replacing?.current.published ? replacing.current.flow : null;
  await indexFlowReferences(tx, written, indexed);
  return written;
}

/** A new flow with its first revision and its one audit event. */
async function insertCallFlow(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  input: WritableFlow,
  action: "callflow.create" | "callflow.duplicate",
  origin?: Record<string, unknown>,
): Promise<StoredCallFlow> {
  const created = await writeLiveFlow(tx, account, input, null);
  await recordRevision(tx, ctx, created);
  await recordChange(
    tx,
    ctx,
    { accountId: account.id, action, entityType: "callflow", entityId: created.id, after: { ...snapshot(created), ...origin } },
    created,
  );
  return created;
}

/**
 * Creates a live flow inside the caller's transaction (applying a template to a customer does
 * more in the same one). A taken extension surfaces as the database's unique violation: the
 * caller explains it with `explainExtensionClash` once the transaction is over.
 */
export async function createCallFlowInTransaction(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  document: unknown,
  origin?: Record<string, unknown>,
): Promise<StoredCallFlow> {
  const input = await validOrThrow(tx, account, document);
  return insertCallFlow(tx, ctx, account, input, "callflow.create", origin);
}

export async function createCallFlow(
  ctx: RequestContext,
  { accountId, document }: { accountId: string; document: unknown },
): Promise<StoredCallFlow> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  try {
    return await accountWriteTransaction(account.id, (tx) => createCallFlowInTransaction(tx, ctx, account, document));
  } catch (error) {
    return explainExtensionClash(error, account, extensionOf(document));
  }
}

function extensionOf(document: unknown): number {
  const extension =
    typeof document === "object" && document !== null ? (document as { extension?: unknown }).extension : undefined;
  return typeof extension === "number" ? extension : NaN;
}

/** A copy of a flow under a new name, on the account's lowest free call-flow extension. */
export async function duplicateCallFlow(
  ctx: RequestContext,
  { accountId, id, name }: { accountId: string; id: string; name: string },
): Promise<StoredCallFlow> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  let extension = NaN;
  try {
    // A flow saved meanwhile on the extension picked here makes this one a CONFLICT (unique claim).
    return await accountWriteTransaction(account.id, async (tx) => {
      const source = await findCallFlow(tx, account, id);
      const free = await freeFlowExtension(tx, account);
      if (free === null) {
        const range = `${account.flowExtensionMin}-${account.flowExtensionMax}`;
        throw new AppError("CONFLICT", `Every call-flow extension of this account (${range}) is in use`);
      }
      extension = free;
      const input = await validOrThrow(tx, account, { ...documentOf(source), name, extension });
      return insertCallFlow(tx, ctx, account, input, "callflow.duplicate", { duplicatedFrom: source.id });
    });
  } catch (error) {
    return explainExtensionClash(error, account, extension);
  }
}

/**
 * Replaces a call flow whole. With `expectedVersion`, a flow saved by someone else since is
 * refused (STALE_VERSION) and left as it is; the version check and the write are one statement.
 * With `ifMatch` (an HTTP If-Match header), a flow whose ETag it does not name is refused
 * (PRECONDITION_FAILED), checked against the flow as this write reads it.
 */
export async function updateCallFlow(
  ctx: RequestContext,
  {
    accountId,
    id,
    document,
    expectedVersion,
    ifMatch,
    restoredFromVersion,
  }: {
    accountId: string;
    id: string;
    document: unknown;
    expectedVersion?: number;
    ifMatch?: string;
    restoredFromVersion?: number;
  },
): Promise<StoredCallFlow> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  let extension = NaN;
  try {
    return await accountWriteTransaction(account.id, async (tx) => {
      const current = await findCallFlow(tx, account, id);
      checkIfMatch(ifMatch, current, "call flow");
      const input = await validOrThrow(tx, account, document);
      extension = input.extension;
      const action = restoredFromVersion === undefined ? "callflow.update" : "callflow.restore";
      return writeLiveVersion(tx, ctx, account, current, input, { expectedVersion, action, restoredFromVersion });
    });
  } catch (error) {
    return explainExtensionClash(error, account, extension);
  }
}

export type LiveWrite = {
  /** Defaults to `current.version`; a flow saved by someone else since is refused (STALE_VERSION). */
  expectedVersion?: number;
  action: "callflow.update" | "callflow.restore" | "callflow.publish";
  restoredFromVersion?: number;
};

/**
 * A new live version of a stored flow (a save, a restore, publishing a draft): the row through
 * writeLiveFlow, then the revision and the audit event, all in the caller's transaction (which
 * has validated `input` with validateForWrite). A draft-only flow becomes published here.
 */
export async function writeLiveVersion(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  current: StoredCallFlow,
  input: WritableFlow,
  write: LiveWrite,
): Promise<StoredCallFlow> {
  const version = write.expectedVersion ?? current.version;
  const updated = await writeLiveFlow(tx, account, input, { current, version });
  if (updated === null) throw staleVersion(version);
  await recordRevision(tx, ctx, updated, write.restoredFromVersion);
  await recordChange(
    tx,
    ctx,
    {
      accountId: account.id,
      action: write.action,
      entityType: "callflow",
      entityId: current.id,
      // A first publish has no live version before it.
      before: current.published ? snapshot(current) : undefined,
      after: snapshot(updated),
    },
    updated,
  );
  return updated;
}

export function staleVersion(version: number): AppError {
  return new AppError("STALE_VERSION", `The call flow was changed by someone else since version ${version}`);
}

/**
 * Deletes a call flow unless a phone number routes to it, open or closed (the foreign keys refuse
 * it too). `expectedVersion` and `ifMatch` as for updateCallFlow.
 */
export async function deleteCallFlow(
  ctx: RequestContext,
  {
    accountId,
    id,
    expectedVersion,
    ifMatch,
    visibility = "live",
  }: { accountId: string; id: string; expectedVersion?: number; ifMatch?: string; visibility?: FlowVisibility },
): Promise<StoredCallFlow> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return accountWriteTransaction(account.id, async (tx) => {
    const current = await findCallFlow(tx, account, id, visibility);
    checkIfMatch(ifMatch, current, "call flow");
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw staleVersion(expectedVersion);
    // Held until commit: a number being routed to the flow now is committed first and read
    // below, and one routed later waits and then finds the flow gone (references.ts).
    if (!(await lockFlowRow(tx, account.id, id, "FOR UPDATE"))) throw notFound("Call flow");
    const numbers = await tx.phoneNumber.findMany({
      where: { OR: [{ callFlowId: id }, { closedCallFlowId: id }] },
      select: { number: true },
      orderBy: { number: "asc" },
    });
    if (numbers.length > 0) {
      const list = numbers.map((n) => n.number).join(", ");
      throw new AppError(
        "CONFLICT",
        `The call flow is in use by phone number${numbers.length === 1 ? "" : "s"} ${list}; assign ${numbers.length === 1 ? "it" : "them"} another flow first`,
      );
    }
    const { count } = await tx.callFlow.deleteMany({ where: { ...callFlowWhere(account, id), version: current.version } });
    if (count === 0) throw staleVersion(current.version);
    // Its webhook event shows the flow as it last was.
    await recordChange(
      tx,
      ctx,
      { accountId: account.id, action: "callflow.delete", entityType: "callflow", entityId: id, before: snapshot(current) },
      current,
    );
    return current;
  });
}

/** The lowest free call-flow extension of the account, counting every extension-bearing resource. */
export async function nextCallFlowExtension(ctx: RequestContext, { accountId }: InAccount): Promise<number | null> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return freeFlowExtension(db, account);
}

/** Draft-only flows count: their rows hold their extensions' claims. */
export async function freeFlowExtension(client: Pick<Tx, "extensionClaim">, account: ActingAccount): Promise<number | null> {
  const claims = await client.extensionClaim.findMany({
    where: { accountId: account.id, extension: { gte: account.flowExtensionMin, lte: account.flowExtensionMax } },
    select: { extension: true },
  });
  return nextFreeExtension(
    { min: account.flowExtensionMin, max: account.flowExtensionMax },
    claims.map((claim) => claim.extension),
  );
}
