import { db } from "@/server/db";
import { auditHash } from "./record";

type ChainBreak = { eventId: string; accountId: string; reason: string };
type ChainReport = { checkedEvents: number; accounts: number; firstBreak: ChainBreak | null };

const PAGE = 1000;

/**
 * Recomputes every event's hash and link, account by account in write order, and reports the
 * first event whose content or link does not match: the place where history was altered. Each
 * account's chain stands alone, so `accountIds` checks only theirs.
 */
export async function verifyAuditChain(accountIds?: readonly string[]): Promise<ChainReport> {
  const lastHashByAccount = new Map<string, string>();
  let checkedEvents = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const events = await db.auditEvent.findMany({
      where: {
        ...(cursor === undefined ? {} : { id: { gt: cursor } }),
        ...(accountIds === undefined ? {} : { accountId: { in: [...accountIds] } }),
      },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const event of events) {
      const { id, hash, ...fields } = event;
      const expectedPrevious = lastHashByAccount.get(event.accountId) ?? null;
      const breakAt = (reason: string): ChainReport => ({
        checkedEvents,
        accounts: lastHashByAccount.size,
        firstBreak: { eventId: id.toString(), accountId: event.accountId, reason },
      });
      if (event.prevHash !== expectedPrevious) {
        return breakAt("its link to the previous event does not match: an event before it was removed or altered");
      }
      if (auditHash(fields) !== hash) return breakAt("its content does not match its hash: it was altered");
      lastHashByAccount.set(event.accountId, hash);
      checkedEvents++;
    }
    if (events.length < PAGE) break;
    cursor = events[events.length - 1]!.id;
  }
  return { checkedEvents, accounts: lastHashByAccount.size, firstBreak: null };
}
