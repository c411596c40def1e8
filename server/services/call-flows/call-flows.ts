import { randomUUID } from "node:crypto";
import type { Principal, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach, isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { listReferencedResources, nextFreeExtension } from "@/server/domain/call-flow";
import { AppError, type FieldIssue, notFound } from "@/server/errors";
import { type CallFlow, Prisma } from "@/server/generated/prisma/client";
import {
  type ActingAccount,
  type InAccount,
  resolveActingAccount,
  resolveActingAccountWith,
  rowsOfAccountInReach,
} from "../acting-account";
import {
  type AuditChange,
  actorLabel,
  chainLockCtes,
  type LockedChain,
  type LockedChainColumns,
  lockedChainColumns,
  lockedChainOf,
  recordChange,
} from "../audit/record";
import { explainExtensionClash } from "../extension-claims";
import { planRulesFromJson, planRulesSql, reserveWithinPlan } from "../plans/limits";
import type { PlanRules } from "@/server/domain/plans";
import { checkIfMatch } from "../preconditions";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { type LockedResources, lockedResourcesOf, lockFlowRow, lockingResourcesLookup, referenceIndexCtes } from "./references";
import { documentOf } from "./document";
import { flowOf, validateForWrite, validateWithLockedResources, type WritableFlow } from "./validation";

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

/** validOrThrow for a document whose resources and plan the write's first statement read (readForLiveWrite). */
function writableOrThrow(account: ActingAccount, document: unknown, { resources, plan }: ForLiveWrite): WritableFlow {
  const { errors, writable } = validateWithLockedResources(account, document, resources, plan);
  refuseErrors(errors);
  return writable!;
}

export function refuseErrors(errors: FieldIssue[]): void {
  if (errors.length > 0) {
    throw new AppError("BAD_REQUEST", `The call flow has ${errors.length} error${errors.length === 1 ? "" : "s"}`, errors);
  }
}

/** What the audit trail keeps of a flow. */
export function snapshot(flow: StoredCallFlow) {
  return { ...documentOf(flow), version: flow.version };
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
 * Every column of a stored flow. A statement that reads a flow along with other rows (the
 * REST API's GET in the credential's query, a live write's first statement) names them
 * `flow_<column>`, and flowOfColumns puts the flow back together.
 */
export const FLOW_COLUMNS = {
  id: true,
  accountId: true,
  name: true,
  extension: true,
  flow: true,
  showCallRouteName: true,
  showOriginalCallerId: true,
  version: true,
  published: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Record<keyof StoredCallFlow, true>;

export type FlowColumns = { [Column in keyof StoredCallFlow as `flow_${Column}`]: StoredCallFlow[Column] | null };

/** The flow read as `flow_<column>` columns; null when the statement found none. */
export function flowOfColumns(row: FlowColumns): StoredCallFlow | null {
  if (row.flow_id === null) return null;
  const columns = Object.keys(FLOW_COLUMNS).map((column) => [column, row[`flow_${column}` as keyof FlowColumns]]);
  return Object.fromEntries(columns) as StoredCallFlow;
}

type ForLiveWrite = { account: ActingAccount; resources: LockedResources; plan: PlanRules | null };

/**
 * ─── A LIVE WRITE'S FIRST STATEMENT ─── The account acted for (within the principal's reach),
 * the flow the write replaces as it is now (`flowId`; live flows only), and the resources the
 * new document points at, locked until commit (references.ts): one round trip, inside the
 * write's transaction, so what the write checks (If-Match, the version) is what it replaces.
 */
async function readForLiveWrite(
  tx: Tx,
  principal: Principal,
  accountId: string,
  flowId: null,
  document: unknown,
): Promise<ForLiveWrite>;
async function readForLiveWrite(
  tx: Tx,
  principal: Principal,
  accountId: string,
  flowId: string,
  document: unknown,
): Promise<ForLiveWrite & { current: StoredCallFlow }>;
async function readForLiveWrite(
  tx: Tx,
  principal: Principal,
  accountId: string,
  flowId: string | null,
  document: unknown,
): Promise<ForLiveWrite & { current?: StoredCallFlow }> {
  const lookup = lockingResourcesLookup(Prisma.sql`(SELECT id FROM acting_account)`, [listReferencedResources(flowOf(document))]);
  const flowColumns = Object.keys(FLOW_COLUMNS).map((column) => Prisma.raw(`f."${column}" AS "flow_${column}"`));
  const { account, along } = await resolveActingAccountWith<FlowColumns & { found: string[]; plan: unknown }>(
    tx,
    principal,
    accountId,
    {
      ctes: lookup.ctes,
      columns: [
        ...(flowId === null ? [] : flowColumns),
        Prisma.sql`${lookup.found} AS found`,
        Prisma.sql`${planRulesSql(Prisma.sql`acting_account.id`)} AS plan`,
      ],
      joins:
        flowId === null
          ? undefined
          : Prisma.sql`LEFT JOIN "CallFlow" f
            ON f.id = ${isUuid(flowId) ? flowId : null}::uuid AND f."accountId" = acting_account.id AND f.published`,
    },
  );
  const resources = lockedResourcesOf(along.found);
  const plan = planRulesFromJson(along.plan);
  if (flowId === null) return { account, resources, plan };
  const current = flowOfColumns(along);
  // A flow that exists only as a draft is as absent to live users as one that never existed.
  if (current === null) throw notFound("Call flow");
  return { account, resources, plan, current };
}

/** What a live write is: a new flow (its id), or a new version of a stored one. */
type LiveWriteTarget =
  | { newFlowId: string }
  | {
      /** The flow the write replaces, as read in this transaction. */
      current: StoredCallFlow;
      /** The version it must still have. */
      version: number;
    };

/**
 * ─── THE ONE WRITE OF A LIVE FLOW ─── Everything that changes what callers hear (create,
 * duplicate, update, restore, publishing a draft) writes the flow row here and nowhere else, in
 * one statement with its reference index (CallFlowReference), its revision (every saved version
 * is kept, immutable, with who saved it) and, last, the lock of the account's audit chain for
 * `change` (audit/record.ts), so all of them are written together, every time, in one round trip.
 * `input` comes from validation in the same transaction, which locked what it points at. Returns
 * the flow as written and the chain as locked, for recordChange; null when the version the write
 * replaces is no longer current (the version check and the write are one statement).
 */
export async function writeLiveFlow(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  input: WritableFlow,
  target: { newFlowId: string },
  change: AuditChange,
): Promise<{ flow: StoredCallFlow; chain: LockedChain }>;
export async function writeLiveFlow(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  input: WritableFlow,
  target: LiveWriteTarget,
  change: AuditChange,
  restoredFromVersion?: number,
): Promise<{ flow: StoredCallFlow; chain: LockedChain } | null>;
export async function writeLiveFlow(
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  input: WritableFlow,
  target: LiveWriteTarget,
  change: AuditChange,
  restoredFromVersion?: number,
): Promise<{ flow: StoredCallFlow; chain: LockedChain } | null> {
  const now = new Date().toISOString();
  // Stored as sent (a `json` column keeps the text), so a client gets back what it wrote;
  // omitted optional fields return to their defaults: a save replaces the whole object.
  const name = input.name;
  const extension = input.extension;
  const flow = JSON.stringify(input.flow);
  const showCallRouteName = input.show_call_route_name ?? false;
  const showOriginalCallerId = input.show_original_caller_id ?? false;
  const written =
    "newFlowId" in target
      ? Prisma.sql`INSERT INTO "CallFlow" ("id", "accountId", "name", "extension", "flow", "showCallRouteName",
            "showOriginalCallerId", "version", "published", "createdAt", "updatedAt")
          VALUES (${target.newFlowId}::uuid, ${account.id}::uuid, ${name}, ${extension}, ${flow}::json, ${showCallRouteName},
            ${showOriginalCallerId}, 1, true, ${now}::timestamp(3), ${now}::timestamp(3))
          RETURNING *`
      : // The version in the condition refuses a write that lost a race; a draft-only flow
        // becomes published by its first live write.
        Prisma.sql`UPDATE "CallFlow" SET "name" = ${name}, "extension" = ${extension}, "flow" = ${flow}::json,
            "showCallRouteName" = ${showCallRouteName}, "showOriginalCallerId" = ${showOriginalCallerId},
            "version" = "version" + 1, "published" = true, "updatedAt" = ${now}::timestamp(3)
          WHERE "id" = ${target.current.id}::uuid AND "accountId" = ${account.id}::uuid AND "version" = ${target.version}
          RETURNING *`;
  // The index holds a published flow's references; a draft-only flow has none there yet.
  const indexed = "current" in target && target.current.published ? target.current.flow : null;
  const revision = Prisma.sql`revision AS (
    INSERT INTO "CallFlowRevision" ("id", "callFlowId", "accountId", "version", "name", "extension", "flow",
      "showCallRouteName", "showOriginalCallerId", "createdAt", "createdByLabel", "restoredFromVersion")
    SELECT ${randomUUID()}::uuid, w.id, w."accountId", w.version, w.name, w.extension, w.flow, w."showCallRouteName",
      w."showOriginalCallerId", ${now}::timestamp(3), ${actorLabel(ctx.principal)}, ${restoredFromVersion ?? null}::int
    FROM written w)`;
  const [row] = await tx.$queryRaw<(StoredCallFlow & LockedChainColumns)[]>`
    WITH written AS (${written}),
      ${Prisma.join([...referenceIndexCtes(input.flow, indexed), revision, chainLockCtes(change, "written")], ",\n      ")}
    SELECT w.*, ${lockedChainColumns(change)} FROM written w`;
  if (!row) return null;
  const { chainHash, chainSubscribers, ...stored } = row;
  return { flow: stored, chain: lockedChainOf({ chainHash, chainSubscribers }) };
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
  const change = { accountId: account.id, action, entityType: "callflow", entityId: randomUUID() };
  const { flow, chain } = await writeLiveFlow(tx, ctx, account, input, { newFlowId: change.entityId }, change);
  await recordChange(tx, ctx, { ...change, after: { ...snapshot(flow), ...origin }, lockedChain: chain }, flow);
  return flow;
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
  await reserveWithinPlan(tx, account.id, "flows");
  const input = await validOrThrow(tx, account, document);
  return insertCallFlow(tx, ctx, account, input, "callflow.create", origin);
}

/**
 * A new live flow. The transaction is entered as a writer of the account named (its share of
 * the pool); its first statement resolves that account within the principal's reach, and an
 * account out of reach is "not found" with nothing read or locked.
 */
export async function createCallFlow(
  ctx: RequestContext,
  { accountId, document }: { accountId: string; document: unknown },
): Promise<StoredCallFlow> {
  try {
    return await accountWriteTransaction(accountId, async (tx) => {
      const read = await readForLiveWrite(tx, ctx.principal, accountId, null, document);
      // Only an account whose plan limits flows pays for the lock and the count.
      if (read.plan?.limits.flows != null) await reserveWithinPlan(tx, read.account.id, "flows");
      return insertCallFlow(tx, ctx, read.account, writableOrThrow(read.account, document, read), "callflow.create");
    });
  } catch (error) {
    return explainExtensionClash(error, { id: accountId }, extensionOf(document));
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
      await reserveWithinPlan(tx, account.id, "flows");
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
  let extension = NaN;
  try {
    // Entered as a writer of the account named, which its first statement resolves (createCallFlow).
    return await accountWriteTransaction(accountId, async (tx) => {
      const read = await readForLiveWrite(tx, ctx.principal, accountId, id, document);
      const { account, current } = read;
      checkIfMatch(ifMatch, current, "call flow");
      const input = writableOrThrow(account, document, read);
      extension = input.extension;
      const action = restoredFromVersion === undefined ? "callflow.update" : "callflow.restore";
      return writeLiveVersion(tx, ctx, account, current, input, { expectedVersion, action, restoredFromVersion });
    });
  } catch (error) {
    return explainExtensionClash(error, { id: accountId }, extension);
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
  const change = {
    accountId: account.id,
    action: write.action,
    entityType: "callflow",
    entityId: current.id,
    // A first publish has no live version before it.
    before: current.published ? snapshot(current) : undefined,
  };
  const written = await writeLiveFlow(tx, ctx, account, input, { current, version }, change, write.restoredFromVersion);
  if (written === null) throw staleVersion(version);
  await recordChange(tx, ctx, { ...change, after: snapshot(written.flow), lockedChain: written.chain }, written.flow);
  return written.flow;
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
