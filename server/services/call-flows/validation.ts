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
 * Loads just the resources a flow points at, restricted to the acting account: a uuid of
 * another account's resource is simply absent, so validation reports it "not found".
 */
async function referencedResourcesOf(tx: Tx, accountId: string, flow: unknown): Promise<AccountResources> {
  const referenced = listReferencedResources(flow);
  const ids = (set: Set<string>) => ({ accountId, id: { in: [...set].filter(isUuid) } });
  const found = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  const select = { id: true } as const;
  const [sipUsers, huntGroups, sounds, playlists, mailboxes, trunks] = await Promise.all([
    tx.sipUser.findMany({ where: ids(referenced.sipUsers), select }),
    tx.huntGroup.findMany({ where: ids(referenced.huntGroups), select }),
    tx.sound.findMany({ where: ids(referenced.sounds), select }),
    tx.playlist.findMany({ where: ids(referenced.playlists), select }),
    tx.mailbox.findMany({ where: ids(referenced.mailboxes), select }),
    tx.trunk.findMany({ where: ids(referenced.trunks), select }),
  ]);
  return {
    sipUsers: found(sipUsers),
    huntGroups: found(huntGroups),
    sounds: found(sounds),
    playlists: found(playlists),
    mailboxes: found(mailboxes),
    trunks: found(trunks),
  };
}

/** Validates a call-flow document against the domain rules and the account's own resources. */
export async function validateForAccount(tx: Tx, account: ActingAccount, document: unknown): Promise<ValidationResult> {
  const flow = typeof document === "object" && document !== null ? (document as { flow?: unknown }).flow : undefined;
  return validateCallFlow(document, {
    resources: await referencedResourcesOf(tx, account.id, flow),
    extensionRange: { min: account.flowExtensionMin, max: account.flowExtensionMax },
  });
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
