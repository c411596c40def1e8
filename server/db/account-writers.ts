import { retryLater } from "@/server/errors";
import { db, type Tx } from "./index";
import { databasePoolSize, databaseTimeouts } from "./target";
import { keyedPlaces } from "@/server/keyed-places";

// ─── A SHARE OF THE POOL PER ACCOUNT ─── Writers of one account no longer wait for each other
// (they lock the rows they touch), but they still meet at the end, on the account's audit-chain
// lock, and a writer waiting for a lock holds a pooled connection. So that a burst on one
// account, or its lock held long by another instance, cannot take every connection and stall
// every other account's reads, at most half the pool writes for one account at a time in this
// process. Further writers wait here, in memory and without a connection; one that gets no
// place within the lock timeout is told to retry (RETRY_LATER) instead of waiting on.

/** How many transactions of one account may hold connections at once. */
export function writersPerAccount(): number {
  return Math.max(1, Math.floor(databasePoolSize() / 2));
}

const writerPlaces = keyedPlaces("accountWriters", { places: writersPerAccount });

/** Runs `work` once one of the account's writer places in this process is free, waiting at most `waitMs`. */
async function asAccountWriter<T>(accountId: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  if (!(await writerPlaces.take(accountId, waitMs))) throw retryLater();
  try {
    return await work();
  } finally {
    writerPlaces.release(accountId);
  }
}

declare const writerOfAnAccount: unique symbol;

/**
 * ─── ONE WAY TO WRITE ─── A transaction entered as one of an account's writers. It is the only
 * transaction `recordChange` (services/audit/record.ts) accepts, and only `accountWriteTransaction`
 * makes one (the brand's symbol is not exported), so a change that is audited cannot skip its
 * account's share of the pool: the type checker refuses a plain `db.$transaction`'s client.
 */
export type AccountTx = Tx & { readonly [writerOfAnAccount]: true };

/** A write transaction of an account, entered as one of its writers (see above). */
export function accountWriteTransaction<T>(accountId: string, work: (tx: AccountTx) => Promise<T>): Promise<T> {
  // One share per account however its id is written (a uuid's case is not part of it).
  const share = accountId.toLowerCase();
  return asAccountWriter(share, databaseTimeouts().lockMs, () => db.$transaction((tx: Tx) => work(tx as AccountTx)));
}

/**
 * The one other way to write: a transaction that changes no account's data (sign-in failure
 * counts, kept by name and address), so it takes no account's share of the pool and cannot
 * record a change. Everything an account's audit trail records goes through
 * accountWriteTransaction; tests/unit/boundaries.test.ts keeps `$transaction` in server/db.
 */
export function transactionOfNoAccount<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work);
}
