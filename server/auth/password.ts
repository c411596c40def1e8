import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { AppError } from "@/server/errors";
import { metrics, reportPasswordHashing } from "@/server/observability/metrics";
import { processSingleton } from "@/server/process-singleton";

// scrypt from node:crypto: memory-hard, runs on libuv's thread pool (not the event loop),
// no native dependency. Parameters are stored with each hash, so they can be raised: a hash with
// older ones is replaced at the owner's next successful sign-in (needsRehash).
// OWASP's Password Storage Cheat Sheet: N=2^17, r=8, p=1 (128 MiB per hash).
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
/**
 * For secrets the server generates itself (API users' 192-bit passwords): nothing to guess, so
 * a slower hash adds no safety, and the REST API verifies one on every request.
 */
export const GENERATED_SECRET_PARAMS = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_PASSWORD_BYTES = 1024;
/** scrypt needs 128·N·r bytes; Node refuses anything above maxmem (32 MiB by default). */
const MAX_MEMORY = 256 * 1024 * 1024;

/** Passwords are compared as NFKC, so the same password typed on another keyboard still matches. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

// ─── HASHING BUDGET ─── scrypt runs on libuv's thread pool (4 threads by default), which file
// I/O and DNS lookups share, and takes 128 MiB for each hash that runs. At most
// MAX_CONCURRENT_HASHES run at once, so the pool always has threads left for the rest; up to
// MAX_WAITING_HASHES more wait their turn (first come, first served), and beyond that a hash is
// refused at once (RETRY_LATER) rather than queued for longer than a sign-in should take.
const MAX_CONCURRENT_HASHES = 2;
const MAX_WAITING_HASHES = 32;

/**
 * The process's one hashing budget (a process singleton: Next may load this module apart from
 * the custom server, and two copies would each allow MAX_CONCURRENT_HASHES), with its counts:
 * derivations started, running and refused, and the most that ran at once (metrics, tests).
 */
const hashing = processSingleton("passwordHashing", () => {
  const budget = { started: 0, running: 0, peakRunning: 0, refused: 0, slotsTaken: 0, waiting: [] as (() => void)[] };
  reportPasswordHashing(() => ({ running: budget.running, waiting: budget.waiting.length }));
  return budget;
});

export function passwordHashingStats(): { started: number; running: number; peakRunning: number; refused: number } {
  const { started, running, peakRunning, refused } = hashing;
  return { started, running, peakRunning, refused };
}

function hashingBusy(): AppError {
  return new AppError("RETRY_LATER", "The server is busy checking other passwords; try again in a moment");
}

function takeSlot(): Promise<void> {
  if (hashing.slotsTaken < MAX_CONCURRENT_HASHES) {
    hashing.slotsTaken += 1;
    return Promise.resolve();
  }
  if (hashing.waiting.length >= MAX_WAITING_HASHES) {
    hashing.refused += 1;
    metrics.passwordHashesRefused.inc();
    return Promise.reject(hashingBusy());
  }
  return new Promise((resolve) => hashing.waiting.push(resolve));
}

/** Hands the slot to the next waiting hash, if any. */
function releaseSlot(): void {
  const next = hashing.waiting.shift();
  if (next) next();
  else hashing.slotsTaken -= 1;
}

async function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  await takeSlot();
  hashing.started += 1;
  hashing.running += 1;
  hashing.peakRunning = Math.max(hashing.peakRunning, hashing.running);
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(normalizePassword(password), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
        error ? reject(error) : resolve(key),
      ),
    );
  } finally {
    hashing.running -= 1;
    releaseSlot();
  }
}

export async function hashPassword(password: string, params: ScryptOptions = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) < SCRYPT_PARAMS.N || Number(r) < SCRYPT_PARAMS.r || Number(p) < SCRYPT_PARAMS.p;
}

/**
 * A hash of nothing anyone knows, made with the same parameters as the real ones it stands in
 * for, so an unknown email or API user costs as much time as a wrong password.
 */
const decoyHashes = new Map<number, Promise<string>>();
export function decoyPasswordHash(params: ScryptOptions = SCRYPT_PARAMS): Promise<string> {
  const key = params.N ?? 0;
  if (!decoyHashes.has(key)) {
    const decoy = hashPassword(randomBytes(16).toString("hex"), params);
    // A decoy refused while hashing was busy is made again next time, not remembered as refused.
    decoy.catch(() => decoyHashes.delete(key));
    decoyHashes.set(key, decoy);
  }
  return decoyHashes.get(key)!;
}
