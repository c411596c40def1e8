import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "@/server/config";

const DEV_SECRET_FILE = path.join(process.cwd(), ".data", "dev-auth-secret");

/**
 * The key that signs session tokens: NEXTAUTH_SECRET. Production refuses to start without it
 * (server/config.ts): a secret generated per host would differ between instances. Development
 * and tests without one get a random dev-only key in the git-ignored data folder, so a
 * newcomer's `npm run dev` needs no setup and sessions survive restarts.
 */
export function authSecret(): string {
  const { NEXTAUTH_SECRET, production } = config();
  if (NEXTAUTH_SECRET) return NEXTAUTH_SECRET;
  if (production) throw new Error("NEXTAUTH_SECRET is required in production");
  try {
    return readFileSync(DEV_SECRET_FILE, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true });
    try {
      writeFileSync(DEV_SECRET_FILE, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch {
      // Another process wrote it first; theirs is the one to use.
    }
    return readFileSync(DEV_SECRET_FILE, "utf8").trim();
  }
}

const derivedKeys = new Map<string, { secret: string; key: Buffer }>();

/**
 * A 256-bit key for one purpose, derived from the session secret with HKDF (the purpose is the
 * HKDF info), so one secret serves every purpose without one key revealing another. Changing the
 * secret therefore changes every derived key, like every session.
 */
function derivedKey(purpose: string): Buffer {
  const secret = authSecret();
  const cached = derivedKeys.get(purpose);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync("sha256", secret, "", purpose, 32));
  derivedKeys.set(purpose, { secret, key });
  return key;
}

/** The key API passwords are hashed with (HMAC-SHA-256, server/auth/api-password.ts). */
export function apiPasswordKey(): Buffer {
  return derivedKey("call-flow-portal/api-password/v1");
}

/**
 * The keys of two-factor sign-in (server/auth/two-factor.ts): TOTP secrets are encrypted with
 * one (AES-256-GCM), recovery codes hashed with the other (HMAC-SHA-256). A new NEXTAUTH_SECRET
 * makes stored secrets and codes unreadable: those users need an admin's two-factor reset.
 */
export function totpSecretKey(): Buffer {
  return derivedKey("call-flow-portal/totp-secret/v1");
}

export function recoveryCodeKey(): Buffer {
  return derivedKey("call-flow-portal/recovery-code/v1");
}
