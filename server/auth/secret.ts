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

let apiPasswordKeyCache: { secret: string; key: Buffer } | undefined;

/**
 * The key API passwords are hashed with (HMAC-SHA-256, server/auth/api-password.ts), derived
 * from the session secret with HKDF so one secret serves both without one revealing the other.
 * Changing the secret therefore invalidates every API password, like every session.
 */
export function apiPasswordKey(): Buffer {
  const secret = authSecret();
  if (apiPasswordKeyCache?.secret !== secret) {
    const key = Buffer.from(hkdfSync("sha256", secret, "", "call-flow-portal/api-password/v1", 32));
    apiPasswordKeyCache = { secret, key };
  }
  return apiPasswordKeyCache.key;
}
