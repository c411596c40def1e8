import { createHash, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { db } from "@/server/db";

// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator
// app speaks) through otplib, plus one-time recovery codes for a lost phone.

export const TOTP_ISSUER = "Call Flow Portal";
export const RECOVERY_CODE_COUNT = 10;
const PERIOD_SECONDS = 30;
/** One step either side: a phone clock a little off, or a code typed as it rolled over. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

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
export async function consumeTotpCode(userId: string, secret: string, code: string): Promise<boolean> {
  const step = await totpStep(secret, code);
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

// Recovery codes: 10 characters from an alphabet without look-alikes (50 bits each), shown as
// XXXXX-XXXXX. High entropy and the sign-in failure limit make a fast hash enough.
const RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  const canonical = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return createHash("sha256").update(canonical).digest("hex");
}

/** Uses up a recovery code; a code works once, even when two sign-ins race for it. */
export async function consumeRecoveryCode(userId: string, code: string): Promise<boolean> {
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** A sign-in's second factor: a current TOTP code, or an unused recovery code. */
export async function verifySecondFactor(user: { id: string; totpSecret: string }, code: string): Promise<boolean> {
  const trimmed = code.trim();
  if (/^\d[\d\s]*$/.test(trimmed)) return consumeTotpCode(user.id, user.totpSecret, trimmed);
  return consumeRecoveryCode(user.id, trimmed);
}
