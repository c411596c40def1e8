import { db, type Tx } from "@/server/db";
import { AppError, isUniqueViolation, type FieldIssue } from "@/server/errors";

const OWNER_NAMES: Record<string, string> = { callflow: "call flow", sipuser: "SIP user", huntgroup: "hunt group" };

function clashIssue(extension: number, owner: string): FieldIssue {
  return { path: "extension", message: `Extension ${extension} is already used by ${owner} on this account` };
}

/**
 * Call flows, SIP users and hunt groups of one account share one extension space, which the
 * database enforces (see ExtensionClaim). This names who holds an extension, as an issue on the
 * `extension` field; null when it is free or held by `exceptOwnerId` (the row being edited).
 */
export async function extensionClash(
  client: Pick<Tx, "extensionClaim">,
  accountId: string,
  extension: number,
  exceptOwnerId?: string,
): Promise<FieldIssue | null> {
  const claim = await client.extensionClaim.findUnique({
    where: { accountId_extension: { accountId, extension } },
    select: { ownerKind: true, ownerId: true },
  });
  if (!claim || claim.ownerId === exceptOwnerId) return null;
  return clashIssue(extension, `another ${OWNER_NAMES[claim.ownerKind] ?? "resource"}`);
}

/** Turns the database's refusal of a taken extension into that field issue; rethrows anything else. */
export async function explainExtensionClash(error: unknown, account: { id: string }, extension: number): Promise<never> {
  if (!isUniqueViolation(error)) throw error;
  // The holder may be gone already if it was deleted right after the refusal.
  const issue = (await extensionClash(db, account.id, extension)) ?? clashIssue(extension, "something else");
  throw new AppError("CONFLICT", issue.message, [issue]);
}
