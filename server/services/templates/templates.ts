import type { Principal, RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import {
  checkTemplate,
  STARTER_TEMPLATES,
  starterTemplate,
  type TTemplateDocument,
  type TTemplatePlaceholders,
} from "@/server/domain/templates";
import { AppError, notFound } from "@/server/errors";
import type { FlowTemplate, Prisma } from "@/server/generated/prisma/client";
import { actorLabel, recordChange } from "../audit/record";
import { checkIfMatch } from "../preconditions";
import { nameContains, pageOf, pageQuery, type ListOrder, type Page, type TListInput } from "../paging";

/** A template as both APIs show it; starters carry their description and cannot be changed. */
export type TemplateView = {
  id: string;
  name: string;
  flow: unknown;
  placeholders: TTemplatePlaceholders;
  version: number;
  starter: boolean;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
};

// ─── TENANT ISOLATION ─── A template is in one account's library (a reseller's, or the
// platform's for admins) and only that account's staff reach it: every read and write matches
// it through `templateWhere`, so another library's template is "not found" like a missing one.

function templateWhere(principal: Principal, id: string) {
  return { id, ownerAccountId: principal.accountId };
}

/** Customers use flows; libraries are their resellers' and the platform's. Checked before any lookup. */
export function requireLibrary(principal: Principal): void {
  if (principal.accountKind === "customer") throw new AppError("FORBIDDEN", "Only resellers and admins have template libraries");
}

/** Built in with the code, so they are as old as this release of it. */
const STARTERS_DATE = new Date("2026-11-29T00:00:00Z");

const STARTER_VIEWS: readonly TemplateView[] = STARTER_TEMPLATES.map((starter) => ({
  id: starter.id,
  name: starter.name,
  flow: starter.flow,
  placeholders: starter.placeholders,
  version: 1,
  starter: true,
  description: starter.description,
  createdAt: STARTERS_DATE,
  updatedAt: STARTERS_DATE,
}));

function viewOf(row: FlowTemplate): TemplateView {
  return {
    id: row.id,
    name: row.name,
    flow: row.flow,
    placeholders: row.placeholders as TTemplatePlaceholders,
    version: row.version,
    starter: false,
    description: null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit trail keeps of a template. */
function snapshot(row: FlowTemplate) {
  return { name: row.name, flow: row.flow, placeholders: row.placeholders, version: row.version };
}

/** What saving the template would report, without saving it. */
export function validateTemplate({ principal }: RequestContext, { document }: { document: unknown }) {
  requireLibrary(principal);
  return checkTemplate(document);
}

/** Validation errors become one BAD_REQUEST listing every problem; nothing is written. */
function validOrThrow(document: unknown): TTemplateDocument {
  const { errors } = checkTemplate(document);
  if (errors.length > 0) {
    throw new AppError("BAD_REQUEST", `The template has ${errors.length} error${errors.length === 1 ? "" : "s"}`, errors);
  }
  const valid = document as TTemplateDocument;
  return { name: valid.name, flow: valid.flow, placeholders: valid.placeholders ?? {} };
}

function columnsOf(document: TTemplateDocument) {
  return {
    name: document.name,
    flow: document.flow as Prisma.InputJsonValue,
    placeholders: document.placeholders as Prisma.InputJsonValue,
  };
}

async function recordRevision(tx: Tx, ctx: RequestContext, row: FlowTemplate): Promise<void> {
  await tx.flowTemplateRevision.create({
    data: {
      templateId: row.id,
      ownerAccountId: row.ownerAccountId,
      version: row.version,
      name: row.name,
      flow: row.flow as Prisma.InputJsonValue,
      placeholders: row.placeholders as Prisma.InputJsonValue,
      createdByLabel: actorLabel(ctx.principal),
    },
  });
}

function refuseStarterChange(id: string): void {
  if (starterTemplate(id)) {
    throw new AppError(
      "CONFLICT",
      "Starter templates are built in and cannot be changed: copy one into your library and change the copy",
    );
  }
}

function staleVersion(version: number): AppError {
  return new AppError("STALE_VERSION", `The template was changed by someone else since version ${version}`);
}

async function findOwn(client: Pick<Tx, "flowTemplate">, principal: Principal, id: string): Promise<FlowTemplate> {
  const row = isUuid(id) ? await client.flowTemplate.findFirst({ where: templateWhere(principal, id) }) : null;
  if (!row) throw notFound("Template");
  return row;
}

/** The starter templates, as every library shows them. */
export function listStarterTemplates({ principal }: RequestContext): readonly TemplateView[] {
  requireLibrary(principal);
  return STARTER_VIEWS;
}

const BY_NAME: ListOrder = { field: "name", type: "string", direction: "asc" };

/** One page of the principal's own library by name, those whose name contains `search`. */
export async function listTemplates({ principal }: RequestContext, input: TListInput): Promise<Page<TemplateView>> {
  requireLibrary(principal);
  const page = pageQuery<Prisma.FlowTemplateWhereInput, Prisma.FlowTemplateOrderByWithRelationInput>(BY_NAME, input);
  const rows = await db.flowTemplate.findMany({
    where: { AND: [{ ownerAccountId: principal.accountId }, nameContains("name", input.search), page.where] },
    orderBy: page.orderBy,
    take: page.take,
  });
  const { items, nextCursor } = pageOf(rows, BY_NAME, input.limit);
  return { items: items.map(viewOf), nextCursor };
}

/** The whole library, starters first, in one query (the REST API's list; a library holds tens). */
export async function allTemplates({ principal }: RequestContext): Promise<TemplateView[]> {
  requireLibrary(principal);
  const rows = await db.flowTemplate.findMany({
    where: { ownerAccountId: principal.accountId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return [...STARTER_VIEWS, ...rows.map(viewOf)];
}

/** A template of the principal's library, or a starter. */
export async function getTemplate({ principal }: RequestContext, { id }: { id: string }): Promise<TemplateView> {
  requireLibrary(principal);
  const starter = STARTER_VIEWS.find((view) => view.id === id.toLowerCase());
  return starter ?? viewOf(await findOwn(db, principal, id));
}

export async function createTemplate(ctx: RequestContext, { document }: { document: unknown }): Promise<TemplateView> {
  requireLibrary(ctx.principal);
  const valid = validOrThrow(document);
  return accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    const created = await tx.flowTemplate.create({ data: { ownerAccountId: ctx.principal.accountId, ...columnsOf(valid) } });
    await recordRevision(tx, ctx, created);
    await recordChange(tx, ctx, {
      accountId: created.ownerAccountId,
      action: "template.create",
      entityType: "template",
      entityId: created.id,
      after: snapshot(created),
    });
    return viewOf(created);
  });
}

/** A starter's copy in the library, which can then be changed like any template. */
export async function copyStarterTemplate(
  ctx: RequestContext,
  { id, name }: { id: string; name?: string },
): Promise<TemplateView> {
  requireLibrary(ctx.principal);
  const starter = starterTemplate(id);
  if (!starter) throw notFound("Starter template");
  return createTemplate(ctx, {
    document: { name: name ?? starter.name, flow: starter.flow, placeholders: starter.placeholders },
  });
}

/**
 * Replaces a template whole. With `expectedVersion`, a template saved by someone else since is
 * refused (STALE_VERSION); the version check and the write are one statement. With `ifMatch`
 * (an HTTP If-Match header), one whose ETag it does not name, as this write reads it.
 */
export async function updateTemplate(
  ctx: RequestContext,
  { id, document, expectedVersion, ifMatch }: { id: string; document: unknown; expectedVersion?: number; ifMatch?: string },
): Promise<TemplateView> {
  requireLibrary(ctx.principal);
  refuseStarterChange(id);
  const valid = validOrThrow(document);
  return accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    const current = await findOwn(tx, ctx.principal, id);
    checkIfMatch(ifMatch, current, "template");
    const version = expectedVersion ?? current.version;
    const { count } = await tx.flowTemplate.updateMany({
      where: { ...templateWhere(ctx.principal, current.id), version },
      data: { ...columnsOf(valid), version: { increment: 1 } },
    });
    if (count === 0) throw staleVersion(version);
    const updated = await tx.flowTemplate.findUniqueOrThrow({ where: { id: current.id } });
    await recordRevision(tx, ctx, updated);
    await recordChange(tx, ctx, {
      accountId: updated.ownerAccountId,
      action: "template.update",
      entityType: "template",
      entityId: updated.id,
      before: snapshot(current),
      after: snapshot(updated),
    });
    return viewOf(updated);
  });
}

/** Deletes a template; the flows made from it stay as they are, and its versions stay readable in the audit trail. */
export async function deleteTemplate(
  ctx: RequestContext,
  { id, expectedVersion, ifMatch }: { id: string; expectedVersion?: number; ifMatch?: string },
): Promise<TemplateView> {
  requireLibrary(ctx.principal);
  refuseStarterChange(id);
  return accountWriteTransaction(ctx.principal.accountId, async (tx) => {
    const current = await findOwn(tx, ctx.principal, id);
    checkIfMatch(ifMatch, current, "template");
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw staleVersion(expectedVersion);
    const { count } = await tx.flowTemplate.deleteMany({
      where: { ...templateWhere(ctx.principal, current.id), version: current.version },
    });
    if (count === 0) throw staleVersion(current.version);
    await recordChange(tx, ctx, {
      accountId: current.ownerAccountId,
      action: "template.delete",
      entityType: "template",
      entityId: current.id,
      before: snapshot(current),
    });
    return viewOf(current);
  });
}

/** Every saved version of a template of the library, newest first, with who saved it. */
export async function templateHistory({ principal }: RequestContext, { id }: { id: string }) {
  requireLibrary(principal);
  const template = await findOwn(db, principal, id);
  // Only staff read a library, so who saved each version is shown as it was recorded.
  return db.flowTemplateRevision.findMany({
    where: { templateId: template.id, ownerAccountId: template.ownerAccountId },
    orderBy: { version: "desc" },
    select: { version: true, name: true, createdAt: true, createdByLabel: true },
  });
}

/** One saved version, whole. */
export async function templateVersion({ principal }: RequestContext, { id, version }: { id: string; version: number }) {
  requireLibrary(principal);
  const template = await findOwn(db, principal, id);
  const revision = await db.flowTemplateRevision.findFirst({
    where: { templateId: template.id, ownerAccountId: template.ownerAccountId, version },
  });
  if (!revision) throw notFound(`Version ${version} of the template`);
  return {
    version: revision.version,
    name: revision.name,
    flow: revision.flow,
    placeholders: revision.placeholders as TTemplatePlaceholders,
  };
}

/** Saves an old version again as the newest one; the versions in between stay. */
export async function restoreTemplateVersion(
  ctx: RequestContext,
  { id, version, expectedVersion }: { id: string; version: number; expectedVersion: number },
): Promise<TemplateView> {
  const { name, flow, placeholders } = await templateVersion(ctx, { id, version });
  return updateTemplate(ctx, { id, document: { name, flow, placeholders }, expectedVersion });
}
