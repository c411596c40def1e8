// How long and how often a delivery is retried. Pure: the delivery job and its tests share it.
/** Retrying stops this long after the change; the delivery is then marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A subscription whose deliveries have all failed for this long is switched off. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 60 * 60 * 1000;

export function retryWindowEnd(from: Date): Date {
  return new Date(from.getTime() + RETRY_WINDOW_MS);
}

/**
 * When to try again after `attempts` failed attempts: `baseSeconds`, doubled after each failure
 * (30 s, 1 min, 2 min, ... by default: about 12 attempts in 24 hours), the last one exactly at
 * the window's end. Null when the window is over.
 */
export function nextAttemptAt(now: Date, attempts: number, retryUntil: Date, baseSeconds: number): Date | null {
  if (now.getTime() >= retryUntil.getTime()) return null;
  const delayMs = baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1);
  return new Date(Math.min(now.getTime() + delayMs, retryUntil.getTime()));
}
