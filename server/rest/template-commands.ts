import { ZCallFlowName } from "@/server/domain/call-flow";
import { AppError, fieldError, type FieldIssue } from "@/server/errors";
import { applyToCustomers, type ApplyTarget } from "@/server/services/templates/apply";
import {
  allTemplates,
  createTemplate,
  deleteTemplate,
  getTemplate,
  type TemplateView,
  updateTemplate,
} from "@/server/services/templates/library";
import { etagOf, toApiTemplate } from "@/server/services/representations";
import { flowCreatorFor } from "@/server/services/templates/publishing";
import { MAX_APPLY_CUSTOMERS } from "@/server/services/templates/schemas";
import { templateSource } from "@/server/services/templates/sources";
import type { VoipCall, VoipOutcome } from "./handler";

// Templates for resellers' automation, on top of the template services, which check, scope to
// the API user's own library and audit every write; these only translate to and from the API.
// The library is the API user's account's whatever X-Auth-For says: customers are named in the
// apply request instead.

export type TemplateParams = { uuid: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What GET returns beside the template itself: accepted and ignored, so a template can be sent back whole. */
const READ_ONLY_FIELDS = ["uuid", "created_on", "updated_on", "version", "starter", "description"];

/** The template in a POST or PUT body; on PUT a `uuid` naming another template is refused. */
function templateDocument(body: unknown, pathUuid?: string): unknown {
  if (!isPlainObject(body)) return body;
  const uuid = body.uuid;
  const namesAnother =
    pathUuid !== undefined && uuid !== undefined && (typeof uuid !== "string" || uuid.toLowerCase() !== pathUuid.toLowerCase());
  if (namesAnother) throw fieldError("uuid", `"uuid" must be this template's uuid, as in the URL, or be left out`);
  return Object.fromEntries(Object.entries(body).filter(([field]) => !READ_ONLY_FIELDS.includes(field)));
}

function templateOutcome(status: 200 | 201, template: TemplateView, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiTemplate(template), headers: { ETag: etagOf(template), ...headers } };
}

export async function listTemplatesCommand({ ctx }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await allTemplates(ctx.principal)).map(toApiTemplate) };
}

export async function getTemplateCommand({ ctx, params }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  return templateOutcome(200, await getTemplate(ctx.principal, { id: params.uuid }));
}

export async function createTemplateCommand({ ctx, body }: VoipCall): Promise<VoipOutcome> {
  const template = await createTemplate(ctx, { document: templateDocument(body) });
  return templateOutcome(201, template, { Location: `/voip/template/${template.id}` });
}

export async function replaceTemplateCommand({ request, ctx, params, body }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  const document = templateDocument(body, params.uuid);
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return templateOutcome(200, await updateTemplate(ctx, { id: params.uuid, document, ifMatch }));
}

export async function deleteTemplateCommand({ request, ctx, params }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  await deleteTemplate(ctx, { id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}

type ApplyRequest = { targets: ApplyTarget[]; name?: string; publish: boolean };

const APPLY_FIELDS = ["customers", "bindings", "extensions", "name", "publish"];

/** A map from customers of the request to something per customer; any other key is a mistake. */
function perCustomer<Value>(
  field: string,
  value: unknown,
  customers: ReadonlySet<string>,
  issues: FieldIssue[],
  check: (item: unknown, path: string) => Value | undefined,
): Map<string, Value> {
  const map = new Map<string, Value>();
  if (value === undefined) return map;
  if (!isPlainObject(value)) {
    issues.push({ path: field, message: `"${field}" must be an object keyed by the customers' account names` });
    return map;
  }
  for (const [customer, item] of Object.entries(value)) {
    const path = `${field}.${customer}`;
    if (!customers.has(customer)) issues.push({ path, message: `"${customer}" is not one of "customers"` });
    const checked = check(item, path);
    if (checked !== undefined) map.set(customer, checked);
  }
  return map;
}

/**
 * `{customers, bindings?, extensions?, name?, publish?}`: customers by account name (as X-Auth-For
 * names them), each customer's bindings as placeholder → resource uuid, an extension per customer
 * (the next free one otherwise), the new flows' name (the template's otherwise), and whether the
 * flows go live at once (the default) or are created as drafts. Every problem is reported at once.
 */
function applyRequestOf(body: unknown): ApplyRequest {
  if (!isPlainObject(body)) throw fieldError("", "Send a JSON object with customers, and optionally bindings and publish");
  const issues: FieldIssue[] = [];
  for (const field of Object.keys(body).filter((field) => !APPLY_FIELDS.includes(field))) {
    issues.push({ path: field, message: `"${field}" is not a field of an apply request (${APPLY_FIELDS.join(", ")})` });
  }
  const { customers } = body;
  const names = Array.isArray(customers) ? customers.filter((name): name is string => typeof name === "string") : [];
  if (
    !Array.isArray(customers) ||
    names.length !== customers.length ||
    names.length === 0 ||
    names.length > MAX_APPLY_CUSTOMERS
  ) {
    issues.push({
      path: "customers",
      message: `"customers" must be a list of 1 to ${MAX_APPLY_CUSTOMERS} customers' account names`,
    });
  } else if (new Set(names).size !== names.length) {
    issues.push({ path: "customers", message: `"customers" must name each customer once` });
  }
  const known = new Set(names);
  const bindings = perCustomer("bindings", body.bindings, known, issues, (item, path) => {
    const valid = isPlainObject(item) && Object.values(item).every((id) => typeof id === "string");
    if (!valid) issues.push({ path, message: `must map placeholder names to resource uuids, e.g. {"Reception": "<uuid>"}` });
    return valid ? (item as Record<string, string>) : undefined;
  });
  const extensions = perCustomer("extensions", body.extensions, known, issues, (item, path) => {
    if (Number.isSafeInteger(item)) return item as number;
    issues.push({ path, message: "must be a whole number: the new flow's extension" });
    return undefined;
  });
  const name = body.name === undefined ? undefined : ZCallFlowName.safeParse(body.name);
  if (name && !name.success) issues.push({ path: "name", message: `"name" ${name.error.issues[0]!.message}` });
  if (body.publish !== undefined && typeof body.publish !== "boolean")
    issues.push({ path: "publish", message: `"publish" must be true or false` });
  if (issues.length > 0)
    throw new AppError("BAD_REQUEST", `The apply request has ${issues.length} error${issues.length === 1 ? "" : "s"}`, issues);
  return {
    targets: names.map((customer) => ({
      customer: { name: customer },
      bindings: bindings.get(customer) ?? {},
      extension: extensions.get(customer),
    })),
    name: name?.data,
    publish: body.publish !== false,
  };
}

/** One result per customer, in the request's order: `{customer, ok, flow}` or `{customer, ok, errors}`. */
export async function applyTemplateCommand({ ctx, params, body }: VoipCall<TemplateParams>): Promise<VoipOutcome> {
  const source = await templateSource(ctx.principal, { id: params.uuid });
  const request = applyRequestOf(body);
  const results = await applyToCustomers(ctx, {
    source,
    targets: request.targets,
    createFlow: flowCreatorFor(request.publish),
    options: {
      flowName: request.name,
      publish: request.publish,
    },
  });
  return {
    status: 200,
    result: results.map((result) =>
      result.ok
        ? { customer: result.customer, ok: true, flow: result.flow!.id }
        : { customer: result.customer, ok: false, errors: result.errors },
    ),
  };
}
