import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { resolveActingAccount } from "../acting-account";
import { maskStaffLabels } from "../audit/actor-privacy";
import { nameContains, pageOf, pageQuery, type ListOrder, type TListInput } from "../paging";
import { documentOf } from "./document";
import { validateAllForAccount } from "./validation";

const BY_EXTENSION: ListOrder = { field: "extension", type: "number", direction: "asc" };

const summary = {
  id: true,
  name: true,
  extension: true,
  showCallRouteName: true,
  showOriginalCallerId: true,
  version: true,
  published: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Text that is all digits may be an extension as well as part of a name. */
function matching(search: string | undefined): Prisma.CallFlowWhereInput {
  const text = search?.trim();
  if (!text) return {};
  const byName = nameContains<Prisma.CallFlowWhereInput>("name", text);
  return /^\d{1,9}$/.test(text) ? { OR: [byName, { extension: Number(text) }] } : byName;
}

/**
 * One page of the account's flows by extension, without their flow maps, draft-only ones
 * included (`published` false). Each says who saved it last, how many warnings it has now (a
 * saved flow has no errors) and whether it has a draft.
 */
export async function searchCallFlows(ctx: RequestContext, input: TListInput & { accountId: string; publishedOnly?: boolean }) {
  const account = await resolveActingAccount(db, ctx.principal, input.accountId);
  const page = pageQuery<Prisma.CallFlowWhereInput, Prisma.CallFlowOrderByWithRelationInput>(BY_EXTENSION, input);
  const rows = await db.callFlow.findMany({
    where: {
      AND: [{ accountId: account.id }, matching(input.search), page.where, input.publishedOnly ? { published: true } : {}],
    },
    orderBy: page.orderBy,
    take: page.take,
  });
  const { items: flows, nextCursor } = pageOf(rows, BY_EXTENSION, input.limit);
  const revisions = await db.callFlowRevision.findMany({
    where: { OR: flows.map((flow) => ({ callFlowId: flow.id, version: flow.version })) },
    select: { callFlowId: true, createdByLabel: true },
  });
  const drafts = await db.callFlowDraft.findMany({
    where: { flowId: { in: flows.map((flow) => flow.id) } },
    select: { flowId: true },
  });
  const drafted = new Set(drafts.map((draft) => draft.flowId));
  const shown = await maskStaffLabels(
    ctx.principal,
    revisions.map((revision) => revision.createdByLabel),
  );
  const savedBy = new Map(revisions.map((revision) => [revision.callFlowId, shown(revision.createdByLabel)]));
  const validations = await validateAllForAccount(db, account, flows.map(documentOf));
  const items = flows.map((flow, index) => {
    const picked = Object.fromEntries(Object.keys(summary).map((key) => [key, flow[key as keyof typeof flow]]));
    return {
      ...(picked as Pick<typeof flow, keyof typeof summary>),
      lastChangedBy: savedBy.get(flow.id) ?? null,
      hasDraft: drafted.has(flow.id),
      warningCount: validations[index]!.warnings.length,
    };
  });
  return { items, nextCursor };
}
