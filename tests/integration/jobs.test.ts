import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { cancelJob, defineJob, enqueue, jobState, startJobs, stopJobs } from "@/server/jobs/queue";

// Each run gets queues of its own, so other test files' workers never take these jobs.
const suffix = randomUUID().slice(0, 8);
const ran: string[] = [];
let failuresLeft = 1;

const recordJob = defineJob<{ label: string }>({
  queue: `test-record-${suffix}`,
  run: async ({ label }) => {
    ran.push(label);
  },
});

const flakyJob = defineJob<{ label: string }>({
  queue: `test-flaky-${suffix}`,
  policy: { retryLimit: 3, retryDelay: 1 },
  run: async ({ label }) => {
    if (failuresLeft-- > 0) throw new Error("first attempt fails");
    ran.push(label);
  },
});

/** Jobs of a pooled queue that wait until the test opens their gate. */
const gates = new Map<string, () => void>();
let runningPooled = 0;
let mostPooledAtOnce = 0;
let pooledFailuresLeft = 1;
const pooledJob = defineJob<{ label: string; gated?: boolean; failOnce?: boolean }>({
  queue: `test-pooled-${suffix}`,
  policy: { retryLimit: 3, retryDelay: 1 },
  work: { pollingIntervalSeconds: 0.5 },
  concurrency: 3,
  run: async ({ label, gated, failOnce }) => {
    if (failOnce && pooledFailuresLeft-- > 0) throw new Error("first attempt fails");
    runningPooled++;
    mostPooledAtOnce = Math.max(mostPooledAtOnce, runningPooled);
    try {
      if (gated) await new Promise<void>((resolve) => gates.set(label, resolve));
      ran.push(label);
    } finally {
      runningPooled--;
    }
  },
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await startJobs([recordJob, flakyJob, pooledJob]);
});

afterAll(async () => {
  await stopJobs();
});

describe("a queue with a concurrency", () => {
  it("runs that many jobs at once, so a slow job holds up only its own place", async () => {
    const slow = await enqueue(pooledJob, { label: "pooled-slow", gated: true });
    await until(() => gates.has("pooled-slow"));
    const quick = [await enqueue(pooledJob, { label: "pooled-quick-1" }), await enqueue(pooledJob, { label: "pooled-quick-2" })];
    for (const id of quick) await until(async () => (await jobState(pooledJob, id)) === "completed", 5_000);
    expect(await jobState(pooledJob, slow)).toBe("active");

    const more = ["pooled-gated-1", "pooled-gated-2", "pooled-gated-3"];
    for (const label of more) await enqueue(pooledJob, { label, gated: true });
    await until(() => gates.size >= 3);
    // Two of the three waiting beside the slow one: three places in all.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mostPooledAtOnce).toBe(3);
    for (const label of ["pooled-slow", ...more]) {
      await until(() => gates.has(label));
      gates.get(label)!();
    }
    await until(async () => (await jobState(pooledJob, slow)) === "completed");
    await until(() => more.every((label) => ran.includes(label)));
  });

  it("fails and retries a job that throws on its own", async () => {
    const failing = await enqueue(pooledJob, { label: "pooled-retried", failOnce: true });
    const beside = await enqueue(pooledJob, { label: "pooled-beside" });
    await until(async () => (await jobState(pooledJob, beside)) === "completed");
    await until(async () => (await jobState(pooledJob, failing)) === "completed");
    expect(ran.filter((label) => label === "pooled-retried")).toHaveLength(1);
  });
});

describe("job queue", () => {
  it("runs a queued job once", async () => {
    const id = await enqueue(recordJob, { label: "plain" });
    await until(async () => (await jobState(recordJob, id)) === "completed");
    expect(ran.filter((label) => label === "plain")).toHaveLength(1);
  });

  it("queues a job inside a transaction only when it commits", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(recordJob, { label: "rolled-back" }, { tx });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    const committedId = await db.$transaction((tx) => enqueue(recordJob, { label: "committed" }, { tx }));
    await until(async () => (await jobState(recordJob, committedId)) === "completed");
    expect(ran).toContain("committed");
    expect(ran).not.toContain("rolled-back");
  });

  it("does not run a job before its start time, and a cancelled job never runs", async () => {
    const later = await enqueue(recordJob, { label: "later" }, { startAfter: new Date(Date.now() + 60 * 60_000) });
    await cancelJob(recordJob, later);
    expect(await jobState(recordJob, later)).toBe("cancelled");
    const soon = await enqueue(recordJob, { label: "soon" }, { startAfter: new Date(Date.now() + 1500) });
    expect(await jobState(recordJob, soon)).toBe("created");
    await until(async () => (await jobState(recordJob, soon)) === "completed");
    expect(ran).toContain("soon");
    expect(ran).not.toContain("later");
  });

  it("retries a job that throws", async () => {
    const id = await enqueue(flakyJob, { label: "retried" });
    await until(async () => (await jobState(flakyJob, id)) === "completed");
    expect(ran.filter((label) => label === "retried")).toHaveLength(1);
    expect(failuresLeft).toBeLessThan(0);
  });
});
