import { z } from "zod";
import { PLACEHOLDER_KINDS } from "@/server/domain/templates";
import { listCustomers } from "@/server/services/accounts/accounts";
import { ZOptionalListInput, zPage } from "@/server/services/paging";
import { applyToCustomers, previewApply } from "@/server/services/templates/apply";
import { flowCreatorFor } from "@/server/services/templates/publishing";
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
  ZApplyInput,
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

const ZApplyResultOutput = z.object({
  customerId: z.string().nullable(),
  customer: z.string(),
  ok: z.boolean(),
  flow: z.object({ id: z.string(), name: z.string(), extension: z.number() }).optional(),
  errors: z.array(ZIssue).optional(),
});

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
      const targets = input.targets.map(({ accountId, ...target }) => ({ ...target, customer: { id: accountId } }));
      return previewApply(ctx.request, { source, targets, flowName: input.flowName });
    }),
  applyToCustomers: signedInProcedure
    .input(ZApplyInput)
    .output(z.array(ZApplyResultOutput))
    .mutation(async ({ ctx, input }) => {
      const source = await sourceOf(ctx.request, input.source);
      const targets = input.targets.map(({ accountId, ...target }) => ({ ...target, customer: { id: accountId } }));
      return applyToCustomers(ctx.request, {
        source,
        targets,
        createFlow: flowCreatorFor(input.publish),
        options: { flowName: input.flowName, publish: input.publish },
      });
    }),
});
