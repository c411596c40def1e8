import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import { isUuid } from "@/server/domain/call-flow/modules";
import { PLACEHOLDER_KINDS, proposeTemplate, resourceSlots, type TTemplatePlaceholders } from "@/server/domain/templates";
import { getCallFlow } from "../call-flows/call-flows";
import type { ApplySource } from "./apply";
import { getTemplate, requireLibrary } from "./templates";
import { RESOURCE_TABLES } from "./resource-tables";
import type { TApplySource } from "./schemas";

/** A template of the principal's library (or a starter), as something to apply. */
export async function templateSource(ctx: RequestContext, { id }: { id: string }): Promise<ApplySource> {
  const template = await getTemplate(ctx, { id });
  return {
    templateId: template.id,
    version: template.version,
    name: template.name,
    flow: template.flow,
    placeholders: template.placeholders,
    origin: { template: { id: template.id, version: template.version } },
  };
}

type TemplateProposal = { name: string; flow: unknown; placeholders: TTemplatePlaceholders };

/**
 * A template made from a flow the principal reaches, not saved: each resource the flow uses
 * becomes a placeholder named after the resource, so customers whose resources have the same
 * names bind without a choice.
 */
export async function proposeTemplateFromFlow(
  ctx: RequestContext,
  { accountId, flowId }: { accountId: string; flowId: string },
): Promise<TemplateProposal> {
  requireLibrary(ctx.principal);
  const flow = await getCallFlow(ctx, { accountId, id: flowId });
  const ids = [...new Set(resourceSlots(flow.flow).flatMap((slot) => (isUuid(slot.value) ? [slot.value.toLowerCase()] : [])))];
  const names = new Map<string, string>();
  await Promise.all(
    PLACEHOLDER_KINDS.map(async (kind) => {
      const rows = await RESOURCE_TABLES[kind](db).findMany({
        where: { accountId: flow.accountId, id: { in: ids } },
        select: { id: true, name: true },
      });
      for (const row of rows) names.set(`${kind}:${row.id}`, row.name);
    }),
  );
  const proposal = proposeTemplate(flow.flow, (kind, id) => names.get(`${kind}:${id}`));
  return { name: flow.name, flow: proposal.flow, placeholders: proposal.placeholders };
}

/** A flow copied to other customers: proposed as a template again on every call, never trusted from the client. */
async function flowSource(
  ctx: RequestContext,
  { accountId, flowId }: { accountId: string; flowId: string },
): Promise<ApplySource> {
  const proposal = await proposeTemplateFromFlow(ctx, { accountId, flowId });
  return { templateId: null, version: null, ...proposal, origin: { copiedFrom: { accountId, flowId } } };
}

export function sourceOf(ctx: RequestContext, source: TApplySource): Promise<ApplySource> {
  return source.kind === "template"
    ? templateSource(ctx, { id: source.id })
    : flowSource(ctx, { accountId: source.accountId, flowId: source.flowId });
}
