import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { db } from "@/server/db";
import { recoveryCodeKey, totpSecretKey } from "./secret";

// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator
// app speaks) through otplib, plus one-time recovery codes for a lost phone.

const TOTP_ISSUER = "Call Flow Portal";
const RECOVERY_CODE_COUNT = 10;
/** Wrong TOTP codes in a row after which codes are refused until a recovery code is used or an admin resets. */
export const MAX_TOTP_FAILURES = 10;
const PERIOD_SECONDS = 30;
/** One step either side: a phone clock a little off, or a code typed as it rolled over. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

// ─── STORED SECRETS ─── A leaked database must not sign anyone in. TOTP secrets are stored
// encrypted (AES-256-GCM, a key derived from NEXTAUTH_SECRET, the user id as associated data so
// a value copied to another user does not decrypt), as "v1:" + base64url(iv | ciphertext | tag).
// Values stored before this scheme are plain base32: they still work and are encrypted when next
// read (sign-in) and by the hourly sweep (upgradeStoredTwoFactorSecrets).
const ENCRYPTED_PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptTotpSecret(userId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", totpSecretKey(), iv);
  cipher.setAAD(Buffer.from(userId));
  const sealed = Buffer.concat([iv, cipher.update(secret, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${ENCRYPTED_PREFIX}${sealed.toString("base64url")}`;
}

/** The secret of a stored value, or null when it does not decrypt (another NEXTAUTH_SECRET, tampering). */
export function decryptTotpSecret(userId: string, stored: string): string | null {
  if (!stored.startsWith(ENCRYPTED_PREFIX)) return stored;
  const sealed = Buffer.from(stored.slice(ENCRYPTED_PREFIX.length), "base64url");
  if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", totpSecretKey(), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}

export function isEncryptedTotpSecret(stored: string): boolean {
  return stored.startsWith(ENCRYPTED_PREFIX);
}

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(secret: string, email: string) {
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: email, secret });
  return { secret, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/** The code's time step when it is valid now, else null. */
export async function totpStep(secret: string, code: string): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const epoch = Math.floor(Date.now() / 1000);
  const result = await verify({ secret, token, epoch, epochTolerance: TOLERANCE_SECONDS });
  return result.valid ? Math.floor(epoch / PERIOD_SECONDS) + result.delta : null;
}

/**
 * Accepts a TOTP code once: the step is recorded with a conditional update, so the same code
 * (or an older one) replayed, even in parallel, finds the row already moved past it.
 */
async function consumeTotpCode(userId: string, secret: string, code: string): Promise<boolean> {
  const step = await totpStep(secret, code);
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

// Recovery codes: 10 characters from an alphabet without look-alikes (50 bits each), shown as
// XXXXX-XXXXX. High entropy and the sign-in failure limit make a fast hash enough; it is keyed
// (HMAC-SHA-256, a key derived from NEXTAUTH_SECRET) so a leaked table cannot be checked offline.
// Stored as "v1:" + hex HMAC of the code's SHA-256: codes stored before, as a bare SHA-256, are
// re-keyed from what is stored, without the code (upgradeStoredTwoFactorSecrets).
const RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

function legacyRecoveryCodeHash(code: string): string {
  const canonical = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return createHash("sha256").update(canonical).digest("hex");
}

function keyedFromLegacy(legacyHash: string): string {
  return `${ENCRYPTED_PREFIX}${createHmac("sha256", recoveryCodeKey()).update(legacyHash).digest("hex")}`;
}

export function hashRecoveryCode(code: string): string {
  return keyedFromLegacy(legacyRecoveryCodeHash(code));
}

/**
 * Uses up a recovery code; a code works once, even when two sign-ins race for it. Matches the
 * keyed form, or the bare SHA-256 of a code stored before keyed hashes and not yet re-keyed.
 */
async function consumeRecoveryCode(userId: string, code: string): Promise<boolean> {
  const legacy = legacyRecoveryCodeHash(code);
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: { in: [keyedFromLegacy(legacy), legacy] }, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

type SecondFactorCheck = "ok" | "wrong" | "locked";

/**
 * A second factor: a current TOTP code, or an unused recovery code.
 *
 * ─── TOTP GUESSING ─── Each TOTP code is counted on the user's row BEFORE it is checked, with a
 * conditional update, so however many race, at most MAX_TOTP_FAILURES wrong codes in a row are
 * ever checked; after that codes are refused ("locked") until a recovery code is used (which
 * clears the count, as a right code does) or an admin resets the user's two-factor sign-in.
 */
export async function verifySecondFactor(user: { id: string; totpSecret: string }, code: string): Promise<SecondFactorCheck> {
  const trimmed = code.trim();
  if (!/^\d[\d\s]*$/.test(trimmed)) {
    if (!(await consumeRecoveryCode(user.id, trimmed))) return "wrong";
    await db.user.update({ where: { id: user.id }, data: { totpFailures: 0 } });
    return "ok";
  }
  const { count } = await db.user.updateMany({
    where: { id: user.id, totpFailures: { lt: MAX_TOTP_FAILURES } },
    data: { totpFailures: { increment: 1 } },
  });
  if (count === 0) return "locked";
  const secret = decryptTotpSecret(user.id, user.totpSecret);
  if (!secret || !(await consumeTotpCode(user.id, secret, trimmed))) return "wrong";
  await db.user.update({ where: { id: user.id }, data: { totpFailures: 0 } });
  return "ok";
}

/**
 * Upgrades what was stored before secrets were encrypted and codes keyed: encrypts plain TOTP
 * secrets (enrolled and pending) and re-keys bare SHA-256 recovery codes, of one user (at their
 * sign-in) or of everyone (the hourly sweep, server/services/retention.ts). Each row is
 * rewritten only if it still holds what was read, so a concurrent change wins.
 */
export async function upgradeStoredTwoFactorSecrets(
  only: { userId?: string } = {},
): Promise<{ totpSecrets: number; recoveryCodes: number }> {
  const users = await db.user.findMany({
    where: {
      id: only.userId,
      OR: [
        { totpSecret: { not: null }, NOT: { totpSecret: { startsWith: ENCRYPTED_PREFIX } } },
        { totpPendingSecret: { not: null }, NOT: { totpPendingSecret: { startsWith: ENCRYPTED_PREFIX } } },
      ],
    },
    select: { id: true, totpSecret: true, totpPendingSecret: true },
  });
  let totpSecrets = 0;
  for (const user of users) {
    for (const field of ["totpSecret", "totpPendingSecret"] as const) {
      const stored = user[field];
      if (stored === null || isEncryptedTotpSecret(stored)) continue;
      const { count } = await db.user.updateMany({
        where: { id: user.id, [field]: stored },
        data: { [field]: encryptTotpSecret(user.id, stored) },
      });
      totpSecrets += count;
    }
  }
  const codes = await db.recoveryCode.findMany({
    where: { userId: only.userId, NOT: { codeHash: { startsWith: ENCRYPTED_PREFIX } } },
    select: { id: true, codeHash: true },
  });
  let recoveryCodes = 0;
  for (const code of codes) {
    const { count } = await db.recoveryCode.updateMany({
      where: { id: code.id, codeHash: code.codeHash },
      data: { codeHash: keyedFromLegacy(code.codeHash) },
    });
    recoveryCodes += count;
  }
  return { totpSecrets, recoveryCodes };
}
