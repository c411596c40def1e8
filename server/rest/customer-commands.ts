import { z } from "zod";
import type { Principal } from "@/server/auth/actor";
import { AppError, invalidInput, zodFieldIssues } from "@/server/errors";
import { createCustomer, getCustomer, listCustomers } from "@/server/services/accounts/accounts";
import { deleteCustomer, replaceCustomer } from "@/server/services/accounts/customer-changes";
import {
  type TCreateCustomerInput,
  type TCustomerFields,
  ZCreateCustomerInput,
  ZCustomerFields,
} from "@/server/services/accounts/schemas";
import { ZListInput } from "@/server/services/paging";
import { etagOf, toApiCustomer } from "@/server/services/representations";
import { CUSTOMER_API_NAMES, STORED_FIELDS, ZCustomerFieldsDocumented, ZNewCustomerDocumented } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// A reseller's customers over REST, on top of the account services (which scope to the
// reseller's tree, check plans and limits, and audit); these only translate to and from the API.
// The customers are the API user's own account's whatever X-Auth-For says.

export type CustomerParams = { uuid: string };

export const NEW_CUSTOMER_BODY = restBody({
  what: "customer",
  name: "NewCustomer",
  schema: ZCreateCustomerInput.omit({ contactName: true }),
  documentedAs: ZNewCustomerDocumented,
  apiNames: CUSTOMER_API_NAMES,
});

/** PUT: the whole customer, as GET answers it. */
export const CUSTOMER_BODY = restBody({
  what: "customer",
  name: "CustomerDocument",
  schema: ZCustomerFields,
  documentedAs: ZCustomerFieldsDocumented,
  apiNames: CUSTOMER_API_NAMES,
  readOnly: STORED_FIELDS,
});

export const CUSTOMER_LIST_QUERY = z.object({
  search: z.string().optional().meta({ description: "Part of the customer's name or display name, ignoring case" }),
  limit: z
    .string()
    .optional()
    .meta({ description: "Customers per page, 1 to 100 (50 when left out)", examples: ["100"] }),
  cursor: z.string().optional().meta({ description: "The `next_cursor` of the page before" }),
});

export const NOT_A_RESELLER = "Only a reseller's API users manage customers";

function requireReseller(principal: Principal): void {
  if (principal.accountKind !== "reseller") throw new AppError("FORBIDDEN", NOT_A_RESELLER);
}

function listInputOf(request: Request) {
  const query = new URL(request.url).searchParams;
  const limit = query.get("limit");
  const parsed = ZListInput.safeParse({
    search: query.get("search") ?? undefined,
    cursor: query.get("cursor") ?? undefined,
    limit: limit === null ? undefined : /^\d+$/.test(limit) ? Number(limit) : limit,
  });
  if (!parsed.success) throw invalidInput("request", zodFieldIssues(parsed.error.issues));
  return parsed.data;
}

function customerOutcome(status: 200 | 201, customer: Parameters<typeof toApiCustomer>[0] & { version: number }, headers = {}) {
  return { status, result: toApiCustomer(customer), headers: { ETag: etagOf(customer), ...headers } } as const;
}

export async function listCustomersCommand({ request, ctx }: VoipCall): Promise<VoipOutcome> {
  requireReseller(ctx.principal);
  const page = await listCustomers(ctx, listInputOf(request));
  return { status: 200, result: { items: page.items.map(toApiCustomer), next_cursor: page.nextCursor } };
}

export async function createCustomerCommand({
  ctx,
  body,
}: BodyCall<Omit<TCreateCustomerInput, "contactName">>): Promise<VoipOutcome> {
  requireReseller(ctx.principal);
  const { owner, ...customer } = await createCustomer(ctx, { ...body, contactName: "" });
  return {
    status: 201,
    result: {
      ...toApiCustomer(customer),
      owner: owner && {
        email: owner.email,
        set_password_link: owner.link,
        expires_at: owner.expiresAt.toISOString(),
        mailed: owner.mailed,
      },
    },
    headers: { ETag: etagOf(customer), Location: `/voip/customer/${customer.id}` },
  };
}

export async function getCustomerCommand({ ctx, params }: VoipCall<CustomerParams>): Promise<VoipOutcome> {
  requireReseller(ctx.principal);
  return customerOutcome(200, await getCustomer(ctx, { id: params.uuid }));
}

export async function replaceCustomerCommand({
  request,
  ctx,
  params,
  body,
}: BodyCall<TCustomerFields, CustomerParams>): Promise<VoipOutcome> {
  requireReseller(ctx.principal);
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return customerOutcome(200, await replaceCustomer(ctx, { ...body, id: params.uuid, ifMatch }));
}

export async function deleteCustomerCommand({ request, ctx, params }: VoipCall<CustomerParams>): Promise<VoipOutcome> {
  requireReseller(ctx.principal);
  await deleteCustomer(ctx, { id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}
