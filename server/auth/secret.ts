import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const SECRET_FILE = path.join(process.cwd(), ".data", "auth-secret");

/**
 * The key that signs session tokens: NEXTAUTH_SECRET when set (production, tests); otherwise a
 * random one made on first run and kept in the git-ignored data folder, so a newcomer's
 * `npm run dev` needs no setup and sessions survive restarts.
 */
export function authSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(SECRET_FILE, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
    try {
      writeFileSync(SECRET_FILE, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch {
      // Another process wrote it first; theirs is the one to use.
    }
    return readFileSync(SECRET_FILE, "utf8").trim();
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
