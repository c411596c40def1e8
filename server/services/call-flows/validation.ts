import type { RequestContext } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { listReferencedResources, type TCallFlowInput, validateCallFlow, type ValidationResult } from "@/server/domain/call-flow";
import { flowPlanIssues, type PlanRules } from "@/server/domain/plans";
import { resolveActingAccount, type ActingAccount } from "../acting-account";
import { extensionClash } from "../extension-claims";
import { planRulesOf, refuseTooManyModules } from "../plans/limits";
import { existingReferencedResources, type LockedResources } from "./references";

export function flowOf(document: unknown): unknown {
  return typeof document === "object" && document !== null ? (document as { flow?: unknown }).flow : undefined;
}

async function validateAll(
  client: Pick<Tx, "$queryRaw">,
  account: ActingAccount,
  documents: unknown[],
): Promise<ValidationResult[]> {
  const referenced = documents.map((document) => listReferencedResources(flowOf(document)));
  const context = {
    resources: await existingReferencedResources(client, account.id, referenced, { lock: false }),
    extensionRange: { min: account.flowExtensionMin, max: account.flowExtensionMax },
  };
  return documents.map((document) => validateCallFlow(document, context));
}

/**
 * Validates call-flow documents against the domain rules and the account's own resources, for
 * reading only: a resource a flow points at may be deleted a moment later.
 */
export async function validateAllForAccount(
  client: Pick<Tx, "$queryRaw">,
  account: ActingAccount,
  documents: unknown[],
): Promise<ValidationResult[]> {
  return validateAll(client, account, documents);
}

export async function validateForAccount(
  client: Pick<Tx, "$queryRaw">,
  account: ActingAccount,
  document: unknown,
): Promise<ValidationResult> {
  const [result] = await validateAll(client, account, [document]);
  return result!;
}

declare const referencesLocked: unique symbol;

/**
 * A flow document validated inside the transaction that writes it, every resource it points at
 * locked there until commit (references.ts): only validateForWrite makes one, and the live
 * write (call-flows.ts writeLiveFlow) takes nothing else.
 */
export type WritableFlow = TCallFlowInput & { readonly [referencesLocked]: true };

/**
 * Validates a document about to be written as a live flow, in `tx`: the resources it points at
 * are locked FOR KEY SHARE by the same query that finds them, so none is deleted before commit.
 * `writable` is the document when it has no errors, else null.
 */
export async function validateForWrite(
  tx: Tx,
  account: ActingAccount,
  document: unknown,
): Promise<ValidationResult & { writable: WritableFlow | null }> {
  const resources = await existingReferencedResources(tx, account.id, [listReferencedResources(flowOf(document))], {
    lock: true,
  });
  return validateWithLockedResources(account, document, resources, await planRulesOf(tx, account.id));
}

/**
 * As validateForWrite, the resources the document points at found and locked by the write's own
 * statement, and the account's plan read there too. A module type outside the plan is an error at
 * its `module` field; more modules than the plan allows is refused as a plan limit (PLAN_LIMIT).
 */
export function validateWithLockedResources(
  account: ActingAccount,
  document: unknown,
  resources: LockedResources,
  plan: PlanRules | null,
): ValidationResult & { writable: WritableFlow | null } {
  const result = validateCallFlow(document, {
    resources,
    extensionRange: { min: account.flowExtensionMin, max: account.flowExtensionMax },
  });
  const planIssues = plan ? flowPlanIssues(plan, flowOf(document)) : { modules: [], tooManyModules: null };
  const errors = [...result.errors, ...planIssues.modules];
  if (errors.length === 0 && plan && planIssues.tooManyModules !== null) refuseTooManyModules(plan, planIssues.tooManyModules);
  return { ...result, errors, writable: errors.length === 0 ? (document as WritableFlow) : null };
}

/**
 * What saving the document would report, without saving it: the validator's errors and
 * warnings, plus an extension already used on the account (which only the database refuses on
 * save). `flowId` is the flow being edited, whose own extension is no clash.
 */
export async function checkCallFlow(
  ctx: RequestContext,
  { accountId, document, flowId }: { accountId: string; document: unknown; flowId?: string },
): Promise<ValidationResult> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const result = await validateForAccount(db, account, document);
  const extension =
    typeof document === "object" && document !== null ? (document as { extension?: unknown }).extension : undefined;
  if (!Number.isSafeInteger(extension) || result.errors.some((issue) => issue.path === "extension")) return result;
  const clash = await extensionClash(db, account.id, extension as number, flowId);
  return clash ? { ...result, errors: [...result.errors, clash] } : result;
}
