import "server-only";
import type { RequestContext } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import {
  listReferencedResources,
  validateCallFlow,
  type AccountResources,
  type ValidationResult,
} from "@/server/domain/call-flow";
import { isUuid } from "@/server/auth/scope";
import { resolveActingAccount, type ActingAccount } from "../acting-account";
import { extensionClash } from "../extension-claims";

/**
 * Loads just the resources the flows point at, restricted to the acting account: a uuid of
 * another account's resource is simply absent, so validation reports it "not found". One
 * query per kind the flows point at, however many flows; a kind they do not use needs none.
 */
async function referencedResourcesOf(tx: Tx, accountId: string, flows: unknown[]): Promise<AccountResources> {
  const referenced = flows.map(listReferencedResources);
  type Where = { accountId: string; id: { in: string[] } };
  const existing = async (kind: keyof AccountResources, find: (where: Where) => Promise<{ id: string }[]>) => {
    const wanted = [...new Set(referenced.flatMap((one) => [...one[kind]]))].filter(isUuid);
    return new Set(wanted.length === 0 ? [] : (await find({ accountId, id: { in: wanted } })).map((row) => row.id));
  };
  const select = { id: true } as const;
  const [sipUsers, huntGroups, sounds, playlists, mailboxes, trunks] = await Promise.all([
    existing("sipUsers", (where) => tx.sipUser.findMany({ where, select })),
    existing("huntGroups", (where) => tx.huntGroup.findMany({ where, select })),
    existing("sounds", (where) => tx.sound.findMany({ where, select })),
    existing("playlists", (where) => tx.playlist.findMany({ where, select })),
    existing("mailboxes", (where) => tx.mailbox.findMany({ where, select })),
    existing("trunks", (where) => tx.trunk.findMany({ where, select })),
  ]);
  return { sipUsers, huntGroups, sounds, playlists, mailboxes, trunks };
}

function flowOf(document: unknown): unknown {
  return typeof document === "object" && document !== null ? (document as { flow?: unknown }).flow : undefined;
}

/** Validates call-flow documents against the domain rules and the account's own resources. */
export async function validateAllForAccount(tx: Tx, account: ActingAccount, documents: unknown[]): Promise<ValidationResult[]> {
  const context = {
    resources: await referencedResourcesOf(tx, account.id, documents.map(flowOf)),
    extensionRange: { min: account.flowExtensionMin, max: account.flowExtensionMax },
  };
  return documents.map((document) => validateCallFlow(document, context));
}

export async function validateForAccount(tx: Tx, account: ActingAccount, document: unknown): Promise<ValidationResult> {
  const [result] = await validateAllForAccount(tx, account, [document]);
  return result!;
}

/**
 * What saving the document would report, without saving it: the validator's errors and
 * warnings, plus an extension already used on the account (which only the database refuses on
 * save). `flowId` is the flow being edited, whose own extension is no clash.
 */
export async function checkCallFlow(ctx: RequestContext, accountId: string, document: unknown, flowId?: string): Promise<ValidationResult> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const result = await validateForAccount(db, account, document);
  const extension = typeof document === "object" && document !== null ? (document as { extension?: unknown }).extension : undefined;
  if (!Number.isSafeInteger(extension) || result.errors.some((issue) => issue.path === "extension")) return result;
  const clash = await extensionClash(db, account.id, extension as number, flowId);
  return clash ? { ...result, errors: [...result.errors, clash] } : result;
}
