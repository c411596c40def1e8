import { processSingleton } from "@/server/process-singleton";

/** The places of one key in this process: how many are taken, and who waits for one, first come first served. */
type Places = { taken: number; waiting: Array<() => void> };

export type KeyedPlaces = {
  /**
   * True once one of the key's places is the caller's, at once or after waiting at most `waitMs`
   * (in memory, holding nothing); false when none came in time, or when `maxWaiting` others
   * already wait. A caller that got one gives it back with `release`.
   */
  take(key: string, waitMs: number): Promise<boolean>;
  /** Hands the place to the key's next waiter, or frees it. */
  release(key: string): void;
};

/**
 * ─── A SHARE PER KEY ─── At most `places()` holders per key (an account) at once in this
 * process, the rest waiting their turn: how one account's writers are kept to their share of
 * the database pool (server/db/account-writers.ts) and its webhook deliveries to their share of
 * the senders (services/webhooks/delivery.ts). Keys with nobody holding a place take no memory.
 */
export function keyedPlaces(name: string, limits: { places: () => number; maxWaiting?: () => number }): KeyedPlaces {
  const byKey = processSingleton(name, () => new Map<string, Places>());
  return {
    async take(key, waitMs) {
      let places = byKey.get(key);
      if (!places) {
        places = { taken: 0, waiting: [] };
        byKey.set(key, places);
      }
      if (places.taken < limits.places()) {
        places.taken++;
        return true;
      }
      const { waiting } = places;
      if (limits.maxWaiting && waiting.length >= limits.maxWaiting()) return false;
      return new Promise<boolean>((resolve) => {
        const handOver = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          // Gave up before a place came: out of the queue, so no place is handed to nobody.
          waiting.splice(waiting.indexOf(handOver), 1);
          resolve(false);
        }, waitMs);
        waiting.push(handOver);
      });
    },
    release(key) {
      const places = byKey.get(key);
      if (!places) return;
      const next = places.waiting.shift();
      if (next) {
        next();
        return;
      }
      places.taken--;
      if (places.taken === 0) byKey.delete(key);
    },
  };
}
