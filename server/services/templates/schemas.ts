import { z } from "zod";
import { ZCallFlowExtension, ZCallFlowName } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import type { TTemplateDocument } from "@/server/domain/templates";
import { ZAccountId } from "../accounts/schemas";

// The tRPC inputs of templates; pure zod, so the portal's forms can share them.

/** The most customers one preview call checks: the portal previews a few at a time. */
export const MAX_PREVIEW_CUSTOMERS = 100;
/** The most customers one apply run takes: the run is one background job, so it need not fit a request's time. */
export const MAX_APPLY_CUSTOMERS = 1000;

const ZTemplateId = z.string().min(1, "Template is required");
const ZVersion = z.int("Version must be a whole number").min(1, "Version must be at least 1");

/**
 * A template as sent, checked by the domain (`checkTemplate`) in the service rather than here:
 * it reports every problem at once with paths relative to the template, and the flow is stored
 * exactly as sent.
 */
export const ZTemplateDocument = z.custom<TTemplateDocument>(
  isObject,
  "The template must be a JSON object with name, flow and placeholders",
);

export const ZTemplateRefInput = z.object({ id: ZTemplateId });
export const ZCreateTemplateInput = z.object({ document: ZTemplateDocument });
/** `expectedVersion` is the version the edit started from: a newer save makes this one a conflict. */
export const ZUpdateTemplateInput = ZTemplateRefInput.extend({ expectedVersion: ZVersion, document: ZTemplateDocument });
export const ZDeleteTemplateInput = ZTemplateRefInput.extend({ expectedVersion: ZVersion.optional() });
export const ZTemplateVersionInput = ZTemplateRefInput.extend({ version: ZVersion });
export const ZRestoreTemplateInput = ZTemplateVersionInput.extend({ expectedVersion: ZVersion });
export const ZCopyStarterInput = ZTemplateRefInput.extend({ name: ZCallFlowName.optional() });
export const ZValidateTemplateInput = z.object({ document: z.unknown() });
/** A flow whose resources the portal proposes as placeholders. */
export const ZFlowRefInput = z.object({ accountId: ZAccountId, flowId: z.string().min(1, "Call flow is required") });

/** What is applied: a template of the library (or a starter), or a flow copied as it is. */
const ZApplySource = z.discriminatedUnion(
  "kind",
  [z.object({ kind: z.literal("template"), id: ZTemplateId }), ZFlowRefInput.extend({ kind: z.literal("flow") })],
  { error: 'The source must be {kind: "template", id} or {kind: "flow", accountId, flowId}' },
);
export type TApplySource = z.infer<typeof ZApplySource>;

/** Placeholder name to the uuid of the customer's resource chosen for it. */
export const ZBindings = z.record(z.string(), z.string("Each binding must be a resource uuid"));

const ZApplyTarget = z.object({
  accountId: ZAccountId,
  bindings: ZBindings.default({}),
  /** The new flow's extension; the customer's next free one when left out. */
  extension: ZCallFlowExtension.optional(),
});

const zTargets = (max: number) =>
  z
    .array(ZApplyTarget)
    .min(1, "Choose at least one customer")
    .max(max, `At most ${max} customers at a time`)
    .refine(
      (targets) => new Set(targets.map((target) => target.accountId)).size === targets.length,
      "Each customer may be listed once",
    );

/** The new flows' name; the template's when left out. */
export const ZFlowNameOption = ZCallFlowName.optional();
/** true: the flows go live at once; false: each is created as a draft, which callers never reach. */
export const ZPublishOption = z.boolean("publish must be true or false");

export const ZPreviewApplyInput = z.object({
  source: ZApplySource,
  targets: zTargets(MAX_PREVIEW_CUSTOMERS),
  flowName: ZFlowNameOption,
});

/** One run for all its customers: the name and the publish choice are given once, for the whole run. */
export const ZApplyInput = z.object({
  source: ZApplySource,
  targets: zTargets(MAX_APPLY_CUSTOMERS),
  flowName: ZFlowNameOption,
  publish: ZPublishOption,
});
export type TApplyInput = z.infer<typeof ZApplyInput>;

export const ZApplyRunRefInput = z.object({ id: z.string().min(1, "Run is required") });
/** The recent runs of one template, or of copies of one flow. */
export const ZApplyRunsInput = z.object({ source: ZApplySource });
