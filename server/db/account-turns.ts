import "server-only";
import { retryLater } from "@/server/errors";
import { processSingleton } from "@/server/process-singleton";

// ─── ONE WRITER PER ACCOUNT AND PROCESS ─── Writers of one account serialise on its advisory
// lock anyway; waiting for it inside a transaction holds a pooled connection, so a burst on one
// account would take every connection and stall every other account's reads. Writers of an
// account therefore queue here, in memory and without a connection, and a writer that does not
// get its turn within the lock timeout is told to retry (RETRY_LATER) instead of waiting on.

type Turns = { tail: Promise<void>; holders: number };

const turnsByAccount = processSingleton("accountTurns", () => new Map<string, Turns>());

/** Runs `work` once the account's earlier writers in this process are done, waiting at most `waitMs`. */
export async function inAccountTurn<T>(accountId: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const turns: Turns = turnsByAccount.get(accountId) ?? { tail: Promise.resolve(), holders: 0 };
  turnsByAccount.set(accountId, turns);
  const previous = turns.tail;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  // Whoever comes next waits for this writer too, even if this one gives up waiting.
  turns.tail = previous.then(() => done);
  turns.holders++;
  let timer: NodeJS.Timeout | undefined;
  try {
    const gotTurn = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      }),
    ]);
    if (!gotTurn) throw retryLater();
    return await work();
  } finally {
    clearTimeout(timer);
    finish();
    if (--turns.holders === 0) turnsByAccount.delete(accountId);
  }
}
