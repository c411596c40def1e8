import { z } from "zod";
import { PLACEHOLDER_KINDS } from "@/server/domain/templates";
import { listCustomers } from "@/server/services/accounts/accounts";
import { ZOptionalListInput, zPage } from "@/server/services/paging";
import { previewApply } from "@/server/services/templates/apply";
import { getApplyRun, recentApplyRuns, startApplyRun } from "@/server/services/templates/apply-runs";
import {
  copyStarterTemplate,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listStarterTemplates,
  listTemplates,
  requireLibrary,
  restoreTemplateVersion,
  templateHistory,
  templateVersion,
  updateTemplate,
  validateTemplate,
} from "@/server/services/templates/templates";
import {
  type TApplyInput,
  ZApplyInput,
  ZApplyRunRefInput,
  ZApplyRunsInput,
  ZCopyStarterInput,
  ZCreateTemplateInput,
  ZDeleteTemplateInput,
  ZFlowRefInput,
  ZPreviewApplyInput,
  ZRestoreTemplateInput,
  ZTemplateRefInput,
  ZTemplateVersionInput,
  ZUpdateTemplateInput,
  ZValidateTemplateInput,
} from "@/server/services/templates/schemas";
import { proposeTemplateFromFlow, sourceOf } from "@/server/services/templates/sources";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Templates are for resellers and admins: each service refuses customers (FORBIDDEN) before it
// looks anything up, and reaches only the principal's own library, so another reseller's
// template is NOT_FOUND. Customers applied to are found only below the principal.

const ZPlaceholders = z.record(z.string(), z.object({ kind: z.enum(PLACEHOLDER_KINDS) }));

const ZTemplateOutput = z.object({
  id: z.string(),
  name: z.string(),
  flow: z.unknown(),
  placeholders: ZPlaceholders,
  version: z.number(),
  starter: z.boolean(),
  description: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ZIssue = z.object({ path: z.string(), message: z.string() });
const ZNamedResource = z.object({ id: z.string(), name: z.string() });

const ZPreviewOutput = z.object({
  customerId: z.string().nullable(),
  customer: z.string(),
  ok: z.boolean(),
  extension: z.number().nullable(),
  bindings: z.array(
    z.object({
      placeholder: z.string(),
      kind: z.enum(PLACEHOLDER_KINDS),
      resource: ZNamedResource.nullable(),
      source: z.enum(["chosen", "name"]).nullable(),
      namesakes: z.array(ZNamedResource),
    }),
  ),
  errors: z.array(ZIssue),
  warnings: z.array(ZIssue),
});

const ZApplyRunSummaryOutput = z.object({
  id: z.string(),
  templateId: z.string().nullable(),
  templateVersion: z.number().nullable(),
  copiedFrom: z.object({ accountId: z.string(), flowId: z.string() }).nullable(),
  sourceName: z.string(),
  flowName: z.string(),
  publish: z.boolean(),
  status: z.enum(["queued", "running", "finished"]),
  createdByLabel: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  counts: z.object({ total: z.number(), pending: z.number(), done: z.number(), failed: z.number() }),
});

const ZApplyRunOutput = ZApplyRunSummaryOutput.extend({
  customers: z.array(
    z.object({
      customerId: z.string().nullable(),
      customer: z.string(),
      status: z.enum(["pending", "done", "failed"]),
      flow: z.object({ id: z.string(), name: z.string(), extension: z.number() }).nullable(),
      errors: z.array(ZIssue),
    }),
  ),
});

/** The portal names customers by account id. */
function targetsOf(targets: TApplyInput["targets"]) {
  return targets.map(({ accountId, ...target }) => ({ ...target, customer: { id: accountId } }));
}

const ZCustomerOutput = z.object({ id: z.string(), name: z.string(), contactName: z.string() });

export const templatesRouter = router({
  list: signedInProcedure
    .input(ZOptionalListInput)
    .output(zPage(ZTemplateOutput))
    .query(({ ctx, input }) => listTemplates(ctx.request, input)),
  starters: signedInProcedure.output(z.array(ZTemplateOutput)).query(({ ctx }) => [...listStarterTemplates(ctx.request)]),
  get: signedInProcedure
    .input(ZTemplateRefInput)
    .output(ZTemplateOutput)
    .query(({ ctx, input }) => getTemplate(ctx.request, input)),
  create: signedInProcedure
    .input(ZCreateTemplateInput)
    .output(ZTemplateOutput)
    .mutation(({ ctx, input }) => createTemplate(ctx.request, input)),
  update: signedInProcedure
    .input(ZUpdateTemplateInput)
    .output(ZTemplateOutput)
    .mutation(({ ctx, input }) => updateTemplate(ctx.request, input)),
  delete: signedInProcedure
    .input(ZDeleteTemplateInput)
    .output(ZTemplateOutput)
    .mutation(({ ctx, input }) => deleteTemplate(ctx.request, input)),
  copyStarter: signedInProcedure
    .input(ZCopyStarterInput)
    .output(ZTemplateOutput)
    .mutation(({ ctx, input }) => copyStarterTemplate(ctx.request, input)),
  // A mutation although it saves nothing: a whole flow does not fit in a GET request's URL.
  validate: signedInProcedure
    .input(ZValidateTemplateInput)
    .output(z.object({ errors: z.array(ZIssue), warnings: z.array(ZIssue) }))
    .mutation(({ ctx, input }) => validateTemplate(ctx.request, input)),
  history: signedInProcedure
    .input(ZTemplateRefInput)
    .output(z.array(z.object({ version: z.number(), name: z.string(), createdAt: z.date(), createdByLabel: z.string() })))
    .query(({ ctx, input }) => templateHistory(ctx.request, input)),
  version: signedInProcedure
    .input(ZTemplateVersionInput)
    .output(z.object({ version: z.number(), name: z.string(), flow: z.unknown(), placeholders: ZPlaceholders }))
    .query(({ ctx, input }) => templateVersion(ctx.request, input)),
  restore: signedInProcedure
    .input(ZRestoreTemplateInput)
    .output(ZTemplateOutput)
    .mutation(({ ctx, input }) => restoreTemplateVersion(ctx.request, input)),
  /** A template proposed from a flow, not saved: the portal shows it for editing first. */
  proposeFromFlow: signedInProcedure
    .input(ZFlowRefInput)
    .output(z.object({ name: z.string(), flow: z.unknown(), placeholders: ZPlaceholders }))
    .query(({ ctx, input }) => proposeTemplateFromFlow(ctx.request, input)),
  /** The customers a template can be applied to: those below the actor, by name. */
  customers: signedInProcedure
    .input(ZOptionalListInput)
    .output(zPage(ZCustomerOutput))
    .query(({ ctx, input }) => {
      requireLibrary(ctx.actor);
      return listCustomers(ctx.request, input);
    }),
  preview: signedInProcedure
    .input(ZPreviewApplyInput)
    .output(z.array(ZPreviewOutput))
    .mutation(async ({ ctx, input }) => {
      const source = await sourceOf(ctx.request, input.source);
      return previewApply(ctx.request, { source, targets: targetsOf(input.targets), flowName: input.flowName });
    }),
  /** Starts a run (one background job) and answers it as queued: `applyRun` follows its progress. */
  startApply: signedInProcedure
    .input(ZApplyInput)
    .output(ZApplyRunOutput)
    .mutation(({ ctx, input }) =>
      startApplyRun(ctx.request, {
        ...input,
        targets: targetsOf(input.targets),
      }),
    ),
  applyRun: signedInProcedure
    .input(ZApplyRunRefInput)
    .output(ZApplyRunOutput)
    .query(({ ctx, input }) => getApplyRun(ctx.request, input)),
  /** The latest runs of a template, or of copies of a flow, newest first. */
  applyRuns: signedInProcedure
    .input(ZApplyRunsInput)
    .output(z.array(ZApplyRunSummaryOutput))
    .query(({ ctx, input }) => recentApplyRuns(ctx.request, input)),
});
