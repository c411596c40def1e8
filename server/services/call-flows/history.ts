import type { Principal, RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount } from "../acting-account";
import { maskStaffLabels } from "../audit/actor-privacy";
import { documentOf } from "./document";
import type { TCallFlowHistoryInput } from "./schemas";
import { callFlowWhere, updateCallFlow, type StoredCallFlow } from "./call-flows";

const revisionSummary = {
  version: true,
  name: true,
  extension: true,
  createdAt: true,
  createdByLabel: true,
  restoredFromVersion: true,
} as const;

function isAdmin(principal: Principal): boolean {
  return principal.via === "portal" && principal.role === "admin";
}

/**
 * Where a flow's revisions are. They outlive the flow, but once it is deleted only admins may
 * read them (for the audit); to anyone else a deleted flow is simply not found.
 */
async function revisionsOf(ctx: RequestContext, accountId: string, id: string): Promise<Prisma.CallFlowRevisionWhereInput> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const where = { callFlowId: id, accountId: account.id };
  const readable =
    isUuid(id) &&
    ((await db.callFlow.count({ where: callFlowWhere(account, id) })) > 0 ||
      (isAdmin(ctx.principal) && (await db.callFlowRevision.count({ where })) > 0));
  if (!readable) throw notFound("Call flow");
  return where;
}

async function findRevision(revisions: Prisma.CallFlowRevisionWhereInput, version: number) {
  const revision = await db.callFlowRevision.findFirst({ where: { ...revisions, version } });
  if (!revision) throw notFound(`Version ${version} of the call flow`);
  return revision;
}

/** One page of saved versions, newest first, with who saved it and when. */
export async function callFlowHistory(ctx: RequestContext, { accountId, id, beforeVersion, limit }: TCallFlowHistoryInput) {
  const revisions = await revisionsOf(ctx, accountId, id);
  const summaries = await db.callFlowRevision.findMany({
    where: { ...revisions, version: beforeVersion === undefined ? undefined : { lt: beforeVersion } },
    orderBy: { version: "desc" },
    take: limit,
    select: revisionSummary,
  });
  const shown = await maskStaffLabels(
    ctx.principal,
    summaries.map((revision) => revision.createdByLabel),
  );
  return summaries.map((revision) => ({ ...revision, createdByLabel: shown(revision.createdByLabel) }));
}

/** Two versions of a flow, for the portal to show what changed between them in its own words
 * (components/flow-editor/diff-words.ts): the documents, since naming needs both whole. */
export async function compareCallFlowVersions(
  ctx: RequestContext,
  { accountId, id, fromVersion, toVersion }: { accountId: string; id: string; fromVersion: number; toVersion: number },
) {
  const revisions = await revisionsOf(ctx, accountId, id);
  const [from, to] = await Promise.all([findRevision(revisions, fromVersion), findRevision(revisions, toVersion)]);
  return { before: documentOf(from), after: documentOf(to) };
}

/**
 * Saves an old version again as the newest one (audited as callflow.restore); the versions in
 * between stay as they were. Validated like any save: the old version may point at a resource
 * deleted since, or at an extension taken since.
 */
export async function restoreCallFlowVersion(
  ctx: RequestContext,
  { accountId, id, version, expectedVersion }: { accountId: string; id: string; version: number; expectedVersion: number },
): Promise<StoredCallFlow> {
  const revision = await findRevision(await revisionsOf(ctx, accountId, id), version);
  return updateCallFlow(ctx, { accountId, id, document: documentOf(revision), expectedVersion, restoredFromVersion: version });
}
