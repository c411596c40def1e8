import { describe, expect, it } from "vitest";
import { nextAttemptAt, RETRY_WINDOW_MS, retryWindowEnd } from "@/server/services/webhooks/retry";

describe("webhook retry schedule", () => {
  const start = new Date("2026-11-29T12:00:00Z");
  const end = retryWindowEnd(start);

  it("doubles the delay after each failure, from the base", () => {
    expect(nextAttemptAt(start, 1, end, 30)!.getTime() - start.getTime()).toBe(30_000);
    expect(nextAttemptAt(start, 2, end, 30)!.getTime() - start.getTime()).toBe(60_000);
    expect(nextAttemptAt(start, 5, end, 30)!.getTime() - start.getTime()).toBe(480_000);
  });

  it("retries for 24 hours, the last attempt at the window's end, then stops", () => {
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttemptAt(now, attempts, end, 30);
      if (!next) break;
      now = next;
    }
    expect(now.getTime() - start.getTime()).toBe(RETRY_WINDOW_MS);
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(attempts).toBeLessThanOrEqual(14);
  });
});
