import { createHash, randomBytes } from "node:crypto";
import { loadActor } from "@/server/auth/actor";
import { hashPassword } from "@/server/auth/password";
import { assertPasswordAllowed } from "@/server/auth/password-rules";
import { publicUrl } from "@/server/config";
import { db, type Tx } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { AppError } from "@/server/errors";
import { recordChange } from "@/server/services/audit/record";
import type { TSetPasswordInput } from "./schemas";

// One-time links to set a password: invitations and new admins (npm run admin:create). The
// token is 256 random bits, shown once inside the link; only its sha256 is stored, so the
// database alone cannot be turned into working links.

export const PASSWORD_LINK_HOURS = 24;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The link, on `base`: a known hostname (NEXTAUTH_URL, or the user's reseller's active custom
 * domain from linkBaseForPath), never a request's Host header. */
export function setPasswordLink(token: string, base = publicUrl()): string {
  return `${base}/set-password?token=${token}`;
}

/** A new link for a user; any earlier unused link of theirs stops working. */
export async function issuePasswordLink(
  tx: Tx,
  userId: string,
  { now = new Date(), base = publicUrl() }: { now?: Date; base?: string } = {},
): Promise<{ link: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 60 * 60 * 1000);
  await tx.passwordToken.deleteMany({ where: { userId, usedAt: null } });
  await tx.passwordToken.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { link: setPasswordLink(token, base), expiresAt };
}

/** Deletes the links that can no longer be used at `now` (the retention job): a link is refused once expired. */
export async function deleteExpiredPasswordLinks(now: Date): Promise<number> {
  const { count } = await db.passwordToken.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

const INVALID_LINK = "This link is not valid: it was used already, it expired, or a newer one replaced it. Ask for a new one.";

/**
 * Sets a password through a link: once, within 24 hours, for a user who is not disabled.
 * Every session the user had ends (their session version rises).
 * Anonymous (the link is the credential): its context is only where the request came from.
 */
export async function setPasswordWithLink(request: { ip: string; userAgent: string }, input: TSetPasswordInput) {
  assertPasswordAllowed(input.password, "password");
  // The link first: a made-up token is refused before the password costs a hash.
  const tokenHash = hashToken(input.token);
  const token = await db.passwordToken.findUnique({ where: { tokenHash }, include: { user: { select: { accountId: true } } } });
  if (!token || token.usedAt || token.expiresAt <= new Date()) throw new AppError("NOT_FOUND", INVALID_LINK);
  // Hashed outside the transaction: no database connection waits for scrypt.
  const passwordHash = await hashPassword(input.password);
  return accountWriteTransaction(token.user.accountId, async (tx) => {
    // Claimed with a conditional update: two submissions of one link cannot both succeed, and
    // a link used, replaced or expired while the password was hashed is refused.
    const { count } = await tx.passwordToken.updateMany({
      where: { id: token.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw new AppError("NOT_FOUND", INVALID_LINK);
    const actor = await loadActor(token.userId, undefined, tx);
    if (!actor) throw new AppError("NOT_FOUND", INVALID_LINK);
    const user = await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, accountId: true },
    });
    await recordChange(
      tx,
      { principal: actor, ...request },
      {
        accountId: user.accountId,
        action: "user.password_set",
        entityType: "user",
        entityId: user.id,
      },
    );
    return { email: user.email };
  });
}
