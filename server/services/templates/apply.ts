import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import type { AccountTx } from "@/server/db/account-writers";
import type { FlowIssue } from "@/server/domain/call-flow";
import {
  bindPlaceholders,
  type CandidateResources,
  PLACEHOLDER_KINDS,
  type PlaceholderBinding,
  type PlaceholderKind,
  placeholderKinds,
  substitutePlaceholders,
  type TTemplatePlaceholders,
} from "@/server/domain/templates";
import { AppError, isUniqueViolation } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { type ActingAccount, resolveCustomersBelow } from "../acting-account";
import { freeFlowExtension, type StoredCallFlow } from "../call-flows/call-flows";
import { validateForAccount } from "../call-flows/validation";
import { explainExtensionClash, extensionClash } from "../extension-claims";
import { RESOURCE_TABLES } from "./resource-tables";

/**
 * What is applied to customers: a template of the library (or a starter), or a flow being copied
 * to other customers, proposed as a template on the spot. Either way, each customer gets one flow
 * with the placeholders bound to its own resources.
 */
export type ApplySource = {
  /** The template's id; null for a copied flow. */
  templateId: string | null;
  version: number | null;
  name: string;
  flow: unknown;
  placeholders: TTemplatePlaceholders;
  /** Kept in each new flow's audit event: where it came from. */
  origin: Record<string, unknown>;
};

/** A customer named by the caller: by id (the portal) or by account name (the REST API, as X-Auth-For). */
export type CustomerRef = { id: string } | { name: string };

export type ApplyTarget = {
  customer: CustomerRef;
  /** Placeholder name to the uuid of the customer's resource chosen for it; the rest bind by name. */
  bindings: Readonly<Record<string, string>>;
  /** The new flow's extension; the customer's next free one when left out. */
  extension?: number;
};

export type CustomerPreview = {
  customerId: string | null;
  customer: string;
  ok: boolean;
  extension: number | null;
  bindings: PlaceholderBinding[];
  errors: FlowIssue[];
  warnings: FlowIssue[];
};

/** Creates the new flow inside the customer's transaction: live, or as a draft nobody calls. */
export type FlowCreator = (
  tx: AccountTx,
  ctx: RequestContext,
  account: ActingAccount,
  document: unknown,
  origin: Record<string, unknown>,
) => Promise<StoredCallFlow>;

export function refText(ref: CustomerRef): string {
  return "id" in ref ? ref.id : ref.name;
}

/**
 * The customers the refs name, each one below the principal (a reseller's customers, or any
 * customer for an admin); a ref that names nothing there maps to nothing ("not found").
 */
export async function resolveCustomers(
  { principal }: RequestContext,
  refs: readonly CustomerRef[],
): Promise<Map<CustomerRef, ActingAccount>> {
  const ids = refs.flatMap((ref) => ("id" in ref ? [ref.id] : []));
  const names = refs.flatMap((ref) => ("name" in ref ? [ref.name] : []));
  // ─── TENANT ISOLATION ─── only customers below the principal are found. ───
  const found = await resolveCustomersBelow(db, principal, { ids, names });
  const resolved = new Map<CustomerRef, ActingAccount>();
  for (const ref of refs) {
    const account = found.find((candidate) =>
      "id" in ref ? candidate.id === ref.id.toLowerCase() : candidate.name === ref.name,
    );
    if (account) resolved.set(ref, account);
  }
  return resolved;
}

/**
 * The customer's resources binding may pick, kind by kind: those named like a placeholder of the
 * kind (ignoring case) and those chosen by hand. Scoped to the customer's account, so a choice of
 * another account's resource is simply not among them.
 */
async function candidatesOf(
  client: Tx,
  accountId: string,
  kinds: ReadonlyMap<string, PlaceholderKind>,
  chosen: Readonly<Record<string, string>>,
): Promise<CandidateResources> {
  const entries = await Promise.all(
    PLACEHOLDER_KINDS.map(async (kind) => {
      const names = [...kinds].filter(([, placeholderKind]) => placeholderKind === kind).map(([name]) => name);
      if (names.length === 0) return [kind, []] as const;
      const ids = names.map((name) => chosen[name]).filter((id): id is string => id !== undefined && isUuid(id));
      const rows = await RESOURCE_TABLES[kind](client).findMany({
        where: {
          accountId,
          OR: [...names.map((name) => ({ name: { equals: name, mode: "insensitive" } })), { id: { in: ids } }],
        },
        select: { id: true, name: true },
      });
      return [kind, rows] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as CandidateResources;
}

type Prepared = {
  document: { name: string; extension: number; flow: unknown } | null;
  bindings: PlaceholderBinding[];
  errors: FlowIssue[];
};

/** Binds the placeholders and picks the extension for one customer; `document` is null while anything is missing. */
export async function prepareCustomerFlow(
  client: Tx,
  customer: ActingAccount,
  source: ApplySource,
  target: ApplyTarget,
  flowName: string,
): Promise<Prepared> {
  const kinds = placeholderKinds(source.placeholders);
  const binding = bindPlaceholders(kinds, target.bindings, await candidatesOf(client, customer.id, kinds, target.bindings));
  const extension = target.extension ?? (await freeFlowExtension(client, customer));
  const errors = [...binding.errors];
  if (extension === null) {
    const range = `${customer.flowExtensionMin}-${customer.flowExtensionMax}`;
    errors.push({ path: "extension", message: `Every call-flow extension of this account (${range}) is in use` });
  }
  const document =
    errors.length === 0 && extension !== null
      ? { name: flowName, extension, flow: substitutePlaceholders(source.flow, binding.bindings) }
      : null;
  return { document, bindings: binding.details, errors };
}

export function notFoundIssues(ref: CustomerRef): FlowIssue[] {
  return [{ path: "customers", message: `Customer "${refText(ref)}" not found` }];
}

/**
 * What applying would do for each customer, writing nothing: the bindings (and how each was
 * made), the extension, and the new flow's validation against the customer's own resources,
 * with an extension already in use reported as saving would.
 */
export async function previewApply(
  ctx: RequestContext,
  { source, targets, flowName }: { source: ApplySource; targets: readonly ApplyTarget[]; flowName?: string },
): Promise<CustomerPreview[]> {
  const customers = await resolveCustomers(
    ctx,
    targets.map((target) => target.customer),
  );
  const previews: CustomerPreview[] = [];
  for (const target of targets) {
    const customer = customers.get(target.customer);
    if (!customer) {
      previews.push({
        customerId: null,
        customer: refText(target.customer),
        ok: false,
        extension: null,
        bindings: [],
        errors: notFoundIssues(target.customer),
        warnings: [],
      });
      continue;
    }
    const prepared = await prepareCustomerFlow(db, customer, source, target, flowName ?? source.name);
    let { errors } = prepared;
    let warnings: FlowIssue[] = [];
    if (prepared.document) {
      ({ errors, warnings } = await validateForAccount(db, customer, prepared.document));
      const clash = errors.some((issue) => issue.path === "extension")
        ? null
        : await extensionClash(db, customer.id, prepared.document.extension);
      if (clash) errors = [...errors, clash];
    }
    previews.push({
      customerId: customer.id,
      customer: customer.name,
      ok: errors.length === 0,
      extension: prepared.document?.extension ?? target.extension ?? null,
      bindings: prepared.bindings,
      errors,
      warnings,
    });
  }
  return previews;
}

/** Why one customer's transaction failed, as field issues; anything unexpected is logged and told only as such. */
export async function failureIssues(error: unknown, customer: ActingAccount, extension: number): Promise<FlowIssue[]> {
  try {
    if (isUniqueViolation(error)) await explainExtensionClash(error, customer, extension);
    throw error;
  } catch (explained) {
    if (explained instanceof AppError)
      return explained.issues.length > 0 ? explained.issues : [{ path: "", message: explained.message }];
    logger.error({ err: explained, accountId: customer.id }, "Applying a template to a customer failed");
    return [{ path: "", message: "Something went wrong on our side; nothing was created for this customer" }];
  }
}
