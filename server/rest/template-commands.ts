import { z } from "zod";
import { ZCallFlowExtension } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import type { TTemplateDocument } from "@/server/domain/templates";
import { notFound } from "@/server/errors";
import {
  type ApplyRunCustomer,
  type ApplyRunView,
  awaitApplyRun,
  getApplyRun,
  startApplyRun,
} from "@/server/services/templates/apply-runs";
import {
  allTemplates,
  createTemplate,
  deleteTemplate,
  getTemplate,
  type TemplateView,
  updateTemplate,
} from "@/server/services/templates/templates";
import { etagOf, toApiTemplate } from "@/server/services/representations";
import {
  MAX_APPLY_CUSTOMERS,
  ZBindings,
  ZFlowNameOption,
  ZPublishOption,
  ZTemplateDocument,
} from "@/server/services/templates/schemas";
import { ZApiTemplate, ZTemplateFields } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// Templates for resellers' automation, on top of the template services, which check, scope to
// the API user's own library and audit every write; these only translate to and from the API.
// The library is the API user's account's whatever X-Auth-For says: customers are named in the
// apply request instead.

export type TemplateParams = { uuid: string };

/** POST and PUT: the template document tRPC takes, which the service checks whole (`checkTemplate`).
 * A template read with GET can be sent back whole. */
export const TEMPLATE_BODY = restBody({
  what: "template",
  name: "TemplateDocument",
  schema: ZTemplateDocument,
  documentedAs: ZTemplateFields,
  readOnly: ZApiTemplate.pick({
    uuid: true,
    created_on: true,
    updated_on: true,
    version: true,
    starter: true,
    description: true,
  }).shape,
});

function templateOutcome(status: 200 | 201, template: TemplateView, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiTemplate(template), headers: { ETag: etagOf(template), ...headers } };
}

export async function listTemplatesCommand({ ctx }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await allTemplates(ctx)).map(toApiTemplate) };
}

export async function getTemplateCommand({ ctx, params }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  return templateOutcome(200, await getTemplate(ctx, { id: params.uuid }));
}

export async function createTemplateCommand({ ctx, body }: BodyCall<TTemplateDocument>): Promise<VoipOutcome> {
  const template = await createTemplate(ctx, { document: body });
  return templateOutcome(201, template, { Location: `/voip/template/${template.id}` });
}

export async function replaceTemplateCommand({
  request,
  ctx,
  params,
  body,
}: BodyCall<TTemplateDocument, TemplateParams>): Promise<VoipOutcome> {
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return templateOutcome(200, await updateTemplate(ctx, { id: params.uuid, document: body, ifMatch }));
}

export async function deleteTemplateCommand({ request, ctx, params }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  await deleteTemplate(ctx, { id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}

/** How long an apply waits for its run before answering 202 with where to follow it. */
const APPLY_WAIT_SECONDS = 30;

/** One customer's bindings, as ZBindings checks them; a wrong map is named whole, as the REST API shows it.
 * Not aborting, so the check of the customers named still runs beside it. */
const ZCustomerBindings = z.custom<Record<string, string>>((value) => ZBindings.safeParse(value).success, {
  error: 'must map placeholder names to resource uuids, e.g. {"Reception": "<uuid>"}',
  abort: false,
});

const PER_CUSTOMER_FIELDS = ["bindings", "extensions"] as const;

const perCustomerMessage = (field: (typeof PER_CUSTOMER_FIELDS)[number]) =>
  `"${field}" must be an object keyed by the customers' account names`;

/**
 * `{customers, bindings?, extensions?, name?, publish?}`: customers by account name (as X-Auth-For
 * names them), each customer's bindings as placeholder → resource uuid, an extension per customer
 * (the next free one otherwise), the new flows' name (the template's otherwise), and whether the
 * flows go live at once (the default) or are created as drafts: the tRPC input's pieces, shaped
 * for the provider's API. Every problem is reported at once.
 */
const ZApplyBody = z
  .strictObject(
    {
      customers: z
        .array(z.string(), `"customers" must be a list of customers' account names`)
        .min(1, `"customers" must name 1 to ${MAX_APPLY_CUSTOMERS} customers`)
        .max(MAX_APPLY_CUSTOMERS, `"customers" must name 1 to ${MAX_APPLY_CUSTOMERS} customers`)
        .refine((names) => new Set(names).size === names.length, `"customers" must name each customer once`),
      bindings: z.record(z.string(), ZCustomerBindings, perCustomerMessage("bindings")).optional(),
      extensions: z.record(z.string(), ZCallFlowExtension, perCustomerMessage("extensions")).optional(),
      name: ZFlowNameOption,
      publish: ZPublishOption.default(true),
    },
    "Send a JSON object with customers, and optionally bindings, extensions, name and publish",
  )
  // Run even when other fields are wrong, so every problem is reported at once.
  .superRefine(
    (body, ctx) => {
      const customers = new Set(Array.isArray(body.customers) ? body.customers : []);
      for (const field of PER_CUSTOMER_FIELDS) {
        const value: unknown = body[field];
        if (typeof value !== "object" || value === null) continue;
        for (const customer of Object.keys(value).filter((key) => !customers.has(key)))
          ctx.addIssue({ code: "custom", path: [field, customer], message: `"${customer}" is not one of "customers"` });
      }
    },
    { when: (payload) => isObject(payload.value) },
  )
  .transform(({ customers, bindings, extensions, name, publish }) => ({
    targets: customers.map((customer) => ({
      customer: { name: customer },
      bindings: bindings?.[customer] ?? {},
      extension: extensions?.[customer],
    })),
    flowName: name,
    publish,
  }));

/** POST /voip/template/{uuid}/apply: `ZApplyBody`, parsed by the handler like every body. */
export const APPLY_BODY = restBody({ what: "apply request", name: "ApplyRequest", schema: ZApplyBody });

/** RFC 7240: `Prefer: respond-async` answers at once, `Prefer: wait=N` waits at most N seconds. */
function applyWaitMs(request: Request): number {
  const preferences = (request.headers.get("prefer") ?? "").split(",").map((preference) => preference.trim().toLowerCase());
  if (preferences.includes("respond-async")) return 0;
  const wait = preferences.map((preference) => /^wait=(\d+)$/.exec(preference)?.[1]).find((seconds) => seconds !== undefined);
  return Math.min(Number(wait ?? APPLY_WAIT_SECONDS), APPLY_WAIT_SECONDS) * 1000;
}

/** A customer's outcome as the apply answers it: `{customer, ok, flow}` or `{customer, ok, errors}`; pending, the customer alone. */
function toApiResult(customer: ApplyRunCustomer) {
  if (customer.status === "done") return { customer: customer.customer, ok: true, flow: customer.flow!.id };
  if (customer.status === "failed") return { customer: customer.customer, ok: false, errors: customer.errors };
  return { customer: customer.customer };
}

/** A run as the API shows it, keys in alphabetical order like the provider's. */
function toApiApplyRun(run: ApplyRunView) {
  return {
    created_at: run.createdAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    name: run.flowName,
    publish: run.publish,
    results: run.customers.map((customer) => ({ status: customer.status, ...toApiResult(customer) })),
    started_at: run.startedAt?.toISOString() ?? null,
    status: run.status,
    template: run.templateId,
    uuid: run.id,
    version: run.templateVersion,
  };
}

function applyRunPath(run: ApplyRunView): string {
  return `/voip/template/${run.templateId}/apply/${run.id}`;
}

/**
 * Starts a run (one background job) and waits for it: finished within APPLY_WAIT_SECONDS (or the
 * client's `Prefer: wait`), the answer is one result per customer, in the request's order, as it
 * always was; otherwise 202 with the run, and its URL in Location, for GET to follow.
 */
export async function applyTemplateCommand({
  request,
  ctx,
  params,
  body,
}: BodyCall<z.output<typeof ZApplyBody>, TemplateParams>): Promise<VoipOutcome> {
  const { targets, flowName, publish } = body;
  const started = await startApplyRun(ctx, { source: { kind: "template", id: params.uuid }, targets, flowName, publish });
  const run = await awaitApplyRun(ctx, { id: started.id, timeoutMs: applyWaitMs(request) });
  if (run.status !== "finished") return { status: 202, result: toApiApplyRun(run), headers: { Location: applyRunPath(run) } };
  return { status: 200, result: run.customers.map(toApiResult), headers: { "Content-Location": applyRunPath(run) } };
}

export type ApplyRunParams = TemplateParams & { run: string };

/** A run of this template started by the API user's account, with each customer's outcome so far. */
export async function getApplyRunCommand({ ctx, params }: VoipCall<ApplyRunParams>): Promise<VoipOutcome> {
  const run = await getApplyRun(ctx, { id: params.run });
  if (run.templateId !== params.uuid.toLowerCase()) throw notFound("Apply run");
  return { status: 200, result: toApiApplyRun(run) };
}
