import { isIPv6 } from "node:net";
import { db } from "@/server/db";
import { transactionOfNoAccount } from "@/server/db/account-writers";

// ─── BRUTE-FORCE LIMITS ─── shared by portal sign-in and REST API authentication. ───
// Failures are counted per subject (an email, an API user) in PostgreSQL, so the count holds
// across restarts and server processes, at two levels:
// - per client address: MAX_FAILURES within a window;
// - per subject over all addresses: MAX_FAILURES_PER_USER, against guessing spread over many
//   addresses.
// A window opens at the first failure and closes FAILURE_WINDOW_MINUTES later, whatever happens
// meanwhile (attempts refused while locked are not counted), so no lock outlives its window.
// Counting is one atomic upsert that returns the new count, and a failed attempt whose count
// went past a limit is answered 429 like a locked one: however many wrong guesses race, at most
// MAX_FAILURES of them per address get an answer that depends on the password.
//
// The owner is never locked out for good: the per-user limit does not apply at an address the
// subject authenticated from within KNOWN_ADDRESS_DAYS, so an attacker elsewhere can exhaust it
// without touching the owner's own clients; at worst the owner waits for a window to close.
//
// Portal sign-in checks slow scrypt hashes, so it counts each attempt BEFORE checking it
// (countAttempt), and gives the count back once the attempt turns out not to be a wrong guess
// (settleAttempt): a right password racing a burst of wrong ones finds the limit already taken.
// It adds a third level, per client address over all subjects (MAX_FAILURES_PER_ADDRESS), so
// one address spraying a password over many emails is refused before anything is hashed.

export const FAILURE_WINDOW_MINUTES = 15;
/** Per subject and client address, within a window. */
export const MAX_FAILURES = 10;
/** Per subject over all addresses except its known ones, within a window. */
export const MAX_FAILURES_PER_USER = 50;
/** Per client address over all subjects (portal sign-in), within a window; not at the subject's known addresses. */
export const MAX_FAILURES_PER_ADDRESS = 30;
/** How long after a success an address counts as the subject's own. */
export const KNOWN_ADDRESS_DAYS = 30;

/** The `ip` of the row counting every address together, and the `subject` of the row counting every subject. */
const ALL_ADDRESSES = "*";
const ALL_SUBJECTS = "*";
/** A known address's last success is rewritten at most this often. */
const KNOWN_ADDRESS_REFRESH_MS = 24 * 60 * 60_000;

const WINDOW = `make_interval(mins => ${FAILURE_WINDOW_MINUTES})`;

/** The address a failure is counted under: no client address may pose as the all-addresses row. */
export function failureAddress(ip: string): string {
  return ip === ALL_ADDRESSES ? "invalid" : ip;
}

/**
 * The block an address's failures over every subject are counted under: the address itself, but
 * for IPv6 its /64, the smallest block a single client is usually given, so cycling through the
 * addresses of one network gives no fresh allowance.
 */
export function addressBlock(address: string): string {
  if (!isIPv6(address) || address.includes(".")) return address;
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/** The subject a failure is counted under: no email may pose as the all-subjects row. */
function failureSubject(subject: string): string {
  return subject === ALL_SUBJECTS ? "invalid" : subject;
}

/** What the limits need to know about a subject at an address, read in one query. */
export type FailureState = {
  addressFailures: number;
  addressWindowStart: Date | null;
  userFailures: number;
  userWindowStart: Date | null;
  /** When the subject last authenticated from this address, within KNOWN_ADDRESS_DAYS. */
  knownSince: Date | null;
  /** Failures of every subject at this address (portal sign-in counts them; the REST API does not). */
  everySubjectFailures?: number;
  everySubjectWindowStart?: Date | null;
};

type FailureStateField = "addressFailures" | "addressWindowStart" | "userFailures" | "userWindowStart" | "knownSince";

/**
 * The joins, and the fields as SQL expressions, that read a FailureState, for embedding in a
 * larger query (the REST API reads it together with the credential); `subject` and `ip` are the
 * placeholders to use.
 */
export function failureStateSql(subject: string, ip: string): { fields: Record<FailureStateField, string>; joins: string } {
  const fields: Record<FailureStateField, string> = {
    addressFailures: "COALESCE(fa.failures, 0)",
    addressWindowStart: `fa."windowStart"`,
    userFailures: "COALESCE(fu.failures, 0)",
    userWindowStart: `fu."windowStart"`,
    knownSince: `ka."lastSuccessAt"`,
  };
  return {
    fields,
    joins: `LEFT JOIN "AuthFailureCount" fa ON fa.subject = ${subject} AND fa.ip = ${ip} AND fa."windowStart" > now() - ${WINDOW}
  LEFT JOIN "AuthFailureCount" fu ON fu.subject = ${subject} AND fu.ip = '${ALL_ADDRESSES}' AND fu."windowStart" > now() - ${WINDOW}
  LEFT JOIN "AuthKnownAddress" ka ON ka.subject = ${subject} AND ka.ip = ${ip} AND ka."lastSuccessAt" > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`,
  };
}

function windowEnd(start: Date): number {
  return start.getTime() + FAILURE_WINDOW_MINUTES * 60_000;
}

/** Minutes until the subject may try again from this address, or null when it may now. */
export function lockedForMinutes(state: FailureState, now = Date.now()): number | null {
  const ends: number[] = [];
  if (state.addressFailures >= MAX_FAILURES && state.addressWindowStart) ends.push(windowEnd(state.addressWindowStart));
  if (!state.knownSince && state.userFailures >= MAX_FAILURES_PER_USER && state.userWindowStart) {
    ends.push(windowEnd(state.userWindowStart));
  }
  const everySubject = state.everySubjectFailures ?? 0;
  if (!state.knownSince && everySubject >= MAX_FAILURES_PER_ADDRESS && state.everySubjectWindowStart) {
    ends.push(windowEnd(state.everySubjectWindowStart));
  }
  if (ends.length === 0) return null;
  return Math.max(1, Math.ceil((Math.max(...ends) - now) / 60_000));
}

const COUNT_SQL = `
INSERT INTO "AuthFailureCount" AS c (subject, ip, "windowStart", failures)
VALUES ($1, $2, now(), 1), ($1, '${ALL_ADDRESSES}', now(), 1)
ON CONFLICT (subject, ip) DO UPDATE SET
  failures = CASE WHEN c."windowStart" > now() - ${WINDOW} THEN c.failures + 1 ELSE 1 END,
  "windowStart" = CASE WHEN c."windowStart" > now() - ${WINDOW} THEN c."windowStart" ELSE now() END
RETURNING ip, failures, "windowStart"`;

/**
 * Counts a failed attempt at both levels in one statement. Returns the minutes to wait when this
 * attempt went past a limit (answer it 429, not as a wrong password), else null.
 */
export async function recordFailure(
  subject: string,
  ip: string,
  state: Pick<FailureState, "knownSince">,
): Promise<number | null> {
  const address = failureAddress(ip);
  const rows = await db.$queryRawUnsafe<{ ip: string; failures: number; windowStart: Date }[]>(COUNT_SQL, subject, address);
  const byAddress = rows.find((row) => row.ip === address)!;
  const all = rows.find((row) => row.ip === ALL_ADDRESSES)!;
  const pastLimit = {
    ...state,
    addressFailures: byAddress.failures - 1,
    addressWindowStart: byAddress.windowStart,
    userFailures: all.failures - 1,
    userWindowStart: all.windowStart,
  };
  return lockedForMinutes(pastLimit);
}

/**
 * After a success: clears the address's failures only when there are some, and remembers the
 * address as the subject's own (rewritten at most daily), so a success usually writes nothing:
 * then it returns null, and the caller has nothing to wait for.
 */
export function recordSuccess(subject: string, ip: string, state: FailureState, now = Date.now()): Promise<unknown> | null {
  const address = failureAddress(ip);
  const writes: Promise<unknown>[] = [];
  if (state.addressFailures > 0) writes.push(db.authFailureCount.deleteMany({ where: { subject, ip: address } }));
  if (!state.knownSince || now - state.knownSince.getTime() > KNOWN_ADDRESS_REFRESH_MS) {
    const lastSuccessAt = new Date(now);
    writes.push(
      db.authKnownAddress.upsert({
        where: { subject_ip: { subject, ip: address } },
        create: { subject, ip: address, lastSuccessAt },
        update: { lastSuccessAt },
      }),
    );
  }
  return writes.length > 0 ? Promise.all(writes) : null;
}

/** An attempt counted by countAttempt, to be settled once its outcome is known. */
type CountedAttempt = {
  subject: string;
  address: string;
  /** Where the address's failures over every subject are counted (addressBlock). */
  block: string;
  knownSince: Date | null;
  /** The window each of its three counters was raised in: a refund never reaches a newer window. */
  windows: { byAddress: Date; byUser: Date; everySubject: Date };
};

/** Opens (or reopens, once expired) the three counters of an attempt and locks them until commit. */
const OPEN_COUNTERS_SQL = `
INSERT INTO "AuthFailureCount" AS c (subject, ip, "windowStart", failures)
VALUES ($1, $2, now(), 0), ($1, '${ALL_ADDRESSES}', now(), 0), ('${ALL_SUBJECTS}', $3, now(), 0)
ON CONFLICT (subject, ip) DO UPDATE SET
  failures = CASE WHEN c."windowStart" > now() - ${WINDOW} THEN c.failures ELSE 0 END,
  "windowStart" = CASE WHEN c."windowStart" > now() - ${WINDOW} THEN c."windowStart" ELSE now() END
RETURNING subject, ip, failures, "windowStart"`;

const RAISE_COUNTERS_SQL = `
UPDATE "AuthFailureCount" SET failures = failures + 1
WHERE (subject = $1 AND ip IN ($2, '${ALL_ADDRESSES}')) OR (subject = '${ALL_SUBJECTS}' AND ip = $3)`;

const KNOWN_SQL = `
SELECT "lastSuccessAt" FROM "AuthKnownAddress"
WHERE subject = $1 AND ip = $2 AND "lastSuccessAt" > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`;

type CounterRow = { subject: string; ip: string; failures: number; windowStart: Date };

/**
 * ─── COUNTED BEFORE CHECKED ─── Counts an attempt as a failure before its password or code is
 * checked, at three levels (subject at this address, subject everywhere, this address for every
 * subject), or refuses it when a limit is already reached: then nothing is counted and the
 * caller must answer without checking anything. The counters are locked for the decision, so
 * however many attempts race, no more than a limit's worth are let through to be checked.
 */
export async function countAttempt(
  rawSubject: string,
  ip: string,
): Promise<{ counted: CountedAttempt } | { lockedForMinutes: number }> {
  const subject = failureSubject(rawSubject);
  const address = failureAddress(ip);
  const block = addressBlock(address);
  return transactionOfNoAccount(async (tx) => {
    const rows = await tx.$queryRawUnsafe<CounterRow[]>(OPEN_COUNTERS_SQL, subject, address, block);
    const known = await tx.$queryRawUnsafe<{ lastSuccessAt: Date }[]>(KNOWN_SQL, subject, address);
    const row = (rowSubject: string, rowIp: string) => rows.find((r) => r.subject === rowSubject && r.ip === rowIp)!;
    const byAddress = row(subject, address);
    const byUser = row(subject, ALL_ADDRESSES);
    const everySubject = row(ALL_SUBJECTS, block);
    const knownSince = known[0]?.lastSuccessAt ?? null;
    const minutes = lockedForMinutes({
      addressFailures: byAddress.failures,
      addressWindowStart: byAddress.windowStart,
      userFailures: byUser.failures,
      userWindowStart: byUser.windowStart,
      knownSince,
      everySubjectFailures: everySubject.failures,
      everySubjectWindowStart: everySubject.windowStart,
    });
    if (minutes !== null) return { lockedForMinutes: minutes };
    await tx.$executeRawUnsafe(RAISE_COUNTERS_SQL, subject, address, block);
    return {
      counted: {
        subject,
        address,
        block,
        knownSince,
        windows: { byAddress: byAddress.windowStart, byUser: byUser.windowStart, everySubject: everySubject.windowStart },
      },
    };
  });
}

const REFUND_SQL = `
UPDATE "AuthFailureCount" SET failures = GREATEST(failures - 1, 0)
WHERE (subject = $1 AND ip = $2 AND "windowStart" = $3::timestamptz)
   OR (subject = $1 AND ip = '${ALL_ADDRESSES}' AND "windowStart" = $4::timestamptz)
   OR (subject = '${ALL_SUBJECTS}' AND ip = $6 AND "windowStart" = $5::timestamptz)`;

/**
 * Settles a counted attempt that was not a wrong guess: "success" (the subject authenticated:
 * the address's failures are cleared and the address becomes a known one) or "no_guess" (the
 * right password with the code still to come, or a check the server could not run: the count
 * is given back). A wrong guess needs nothing: it was counted already.
 */
export async function settleAttempt(attempt: CountedAttempt, outcome: "success" | "no_guess", now = Date.now()): Promise<void> {
  const { subject, address, block, windows } = attempt;
  await db.$executeRawUnsafe(REFUND_SQL, subject, address, windows.byAddress, windows.byUser, windows.everySubject, block);
  if (outcome === "no_guess") return;
  const writes: Promise<unknown>[] = [db.authFailureCount.deleteMany({ where: { subject, ip: address } })];
  if (!attempt.knownSince || now - attempt.knownSince.getTime() > KNOWN_ADDRESS_REFRESH_MS) {
    const lastSuccessAt = new Date(now);
    writes.push(
      db.authKnownAddress.upsert({
        where: { subject_ip: { subject, ip: address } },
        create: { subject, ip: address, lastSuccessAt },
        update: { lastSuccessAt },
      }),
    );
  }
  await Promise.all(writes);
}

/**
 * Deletes the rows that no longer count at `now` (the retention job, server/services/retention.ts):
 * failures whose window has closed and known addresses not seen within KNOWN_ADDRESS_DAYS. The
 * conditions are the negation of the ones failureStateSql reads with, so nothing still counting goes.
 */
export async function pruneExpiredAuthRecords(now: Date): Promise<{ failureCounts: number; knownAddresses: number }> {
  const failureCounts = await db.$executeRawUnsafe(
    `DELETE FROM "AuthFailureCount" WHERE "windowStart" <= $1::timestamptz - ${WINDOW}`,
    now,
  );
  const knownAddresses = await db.$executeRawUnsafe(
    `DELETE FROM "AuthKnownAddress" WHERE "lastSuccessAt" <= $1::timestamptz - make_interval(days => ${KNOWN_ADDRESS_DAYS})`,
    now,
  );
  return { failureCounts, knownAddresses };
}
