import { afterAll, beforeAll, expect, it } from "vitest";
import { startInstance } from "./instance";
import { voip } from "./portal-client";
import { busyFlow, demoDatabase } from "./system-database";

// SIGTERM in the middle of a burst of writes: the instance stops taking requests, finishes those
// in flight, and exits 0; every write it acknowledged is stored, whole (the flow, its first
// revision and its audit event, written in one transaction).

let database: Awaited<ReturnType<typeof demoDatabase>>;

beforeAll(async () => {
  database = await demoDatabase("shutdown");
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

it("finishes in-flight writes, keeps every acknowledged one whole, and exits 0", async () => {
  const instance = await startInstance(database.url);
  const acknowledged: string[] = [];
  const refusedOrCut: number[] = [];
  let next = 0;
  const WRITES = 80;
  const CONCURRENCY = 8;
  let signalled: Promise<number | null> | null = null;

  async function writer() {
    while (next < WRITES) {
      const index = next++;
      try {
        const created = await voip(instance.url, "/voip/flow", {
          method: "POST",
          headers: { "X-Auth-For": "acme" },
          body: busyFlow(600 + index, `Burst ${index}`),
        });
        if (created.status === 201) acknowledged.push((created.body!.result as { uuid: string }).uuid);
        else refusedOrCut.push(created.status);
      } catch {
        refusedOrCut.push(0);
      }
      // Mid-burst, with writes in flight on every connection.
      if (acknowledged.length === 10 && !signalled) signalled = instance.stop("SIGTERM");
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  const exitCode = await (signalled ?? instance.stop("SIGTERM"));

  expect(exitCode).toBe(0);
  expect(acknowledged.length).toBeGreaterThanOrEqual(10);
  // Requests sent after the signal were refused (connection closed), not half-done.
  expect(acknowledged.length + refusedOrCut.length).toBe(WRITES);

  const stored = await database.db.callFlow.findMany({ where: { name: { startsWith: "Burst " } }, select: { id: true } });
  const storedIds = [...new Set(stored.map((flow) => flow.id))];
  for (const uuid of acknowledged) expect(storedIds, `acknowledged flow ${uuid} is stored`).toContain(uuid);
  // Nothing half-written: every stored flow has exactly its first revision and its audit event.
  const revisions = await database.db.callFlowRevision.groupBy({
    by: ["callFlowId"],
    where: { callFlowId: { in: storedIds } },
    _count: true,
  });
  expect(revisions).toHaveLength(storedIds.length);
  for (const revision of revisions) expect(revision._count).toBe(1);
  const audited = await database.db.auditEvent.count({ where: { entityId: { in: storedIds }, action: "callflow.create" } });
  expect(audited).toBe(storedIds.length);
}, 120_000);
