import { createHmac, timingSafeEqual } from "node:crypto";
import { verifyPassword } from "./password";
import { apiPasswordKey } from "./secret";

// ─── API PASSWORDS ─── A fast keyed hash, safe because the portal generates them. ───
// API passwords are 192 random bits (server/services/api-credentials), so no dictionary or
// brute force can reach them and a slow KDF would only cost every request a few milliseconds
// of CPU. They are stored as HMAC-SHA-256 under a server-side key, as large API providers store
// tokens: a leaked table cannot be checked against guesses without the key. Human passwords
// stay on scrypt (server/auth/password.ts). Hashes made before this scheme (scrypt) still
// verify, and the caller replaces them with `upgradedHash` after their next successful use.

const SCHEME = "hmac-sha256";
/** Longer values cannot be an API password; they are refused without hashing. */
const MAX_PASSWORD_BYTES = 1024;

function mac(password: string): Buffer {
  return createHmac("sha256", apiPasswordKey()).update(password, "utf8").digest();
}

export function hashApiPassword(password: string): string {
  return `${SCHEME}$${mac(password).toString("base64")}`;
}

export function isCurrentApiPasswordHash(stored: string): boolean {
  return stored.startsWith(`${SCHEME}$`);
}

/** Compares in constant time; an unknown user is checked against nothing, at the same cost. */
export async function verifyApiPassword(
  password: string,
  stored: string | null,
): Promise<{ ok: boolean; upgradedHash?: string }> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return { ok: false };
  const actual = mac(password);
  if (stored === null || isCurrentApiPasswordHash(stored)) {
    const expected = Buffer.from(stored?.slice(SCHEME.length + 1) ?? "", "base64");
    return { ok: expected.length === actual.length && timingSafeEqual(actual, expected) };
  }
  const ok = await verifyPassword(password, stored);
  return ok ? { ok, upgradedHash: hashApiPassword(password) } : { ok };
}
