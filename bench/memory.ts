import { randomUUID } from "node:crypto";
import { deployMigrations } from "../prisma/migrate";
import { liveMemory as liveMemoryParts } from "../tests/support/live-memory";
import { createScratchDatabase } from "../tests/support/scratch-database";

/**
 * Peak memory of the two responses that grow with an account's data, on the largest data allowed,
 * each against a baseline of the same response on small data, measured in the same run:
 * - the audit CSV export (the stream the portal's download route returns) of BENCH_EXPORT_EVENTS
 *   (default 20,000) flow updates whose before and after are each BENCH_SNAPSHOT_KB (default 256,
 *   a flow's limit), against the same export of 200 small events;
 * - GET /voip/flow through the REST router the server runs (leanApp.fetch) on 500 flows of about
 *   256 KB, against the same request on 5 small flows.
 * Peak live memory is the JavaScript heap plus external memory after full garbage collections,
 * sampled every SAMPLE_EVERY_MS while the response is read to its end, above what the process held
 * before it started (as bench/sound-upload.ts measures). A streamed response peaks at about its baseline plus one page; one built
 * whole would grow with the data (hundreds of MB to GB). Run with --expose-gc (the npm script does).
 */

const EXPORT_EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 20_000);
const SNAPSHOT_KB = Number(process.env.BENCH_SNAPSHOT_KB ?? 256);
const LARGE_FLOWS = 500;
const SAMPLE_EVERY_MS = 50;

/** Live memory: the heap and external memory (where Buffers live) that survive full collections. */
function liveMemory(): number {
  const { heap, external } = liveMemoryParts();
  return heap + external;
}

/** A flow map of play modules (500 at most, about 200 bytes or more each), padded to about `kb` KB of JSON. */
function flowOfSize(kb: number, modules = Math.max(1, Math.min(500, Math.floor((kb * 1024) / 200)))): Record<string, unknown> {
  const padding = Math.max(0, Math.floor((kb * 1024) / modules) - 130);
  const flow: Record<string, unknown> = { s: { module: "start", next: "m0" } };
  for (let i = 0; i < modules; i++) {
    flow[`m${i}`] = {
      module: "play",
      sound: randomUUID(),
      next: i + 1 < modules ? `m${i + 1}` : "s",
      name: `Step ${i} ${"x".repeat(padding)}`,
    };
  }
  return flow;
}

type Measure = { peakMb: number; ms: number; bytes: number };

/** Reads a response body to its end, as a client would, sampling live memory meanwhile. */
async function measure(respond: () => Promise<ReadableStream<Uint8Array>>): Promise<Measure> {
  const before = liveMemory();
  let highest = before;
  const sampler = setInterval(() => (highest = Math.max(highest, liveMemory())), SAMPLE_EVERY_MS);
  const started = performance.now();
  let bytes = 0;
  const reader = (await respond()).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
  const ms = performance.now() - started;
  clearInterval(sampler);
  highest = Math.max(highest, liveMemory());
  return { peakMb: (highest - before) / (1024 * 1024), ms, bytes };
}

const database = await createScratchDatabase("bench");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  process.env.NEXTAUTH_SECRET ??= "bench-memory-secret-of-at-least-32-characters";
  // Reading 10 GB of snapshots takes longer than a request's statement timeout allows by default.
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= "600000";
  const { closeDatabase, db } = await import("../server/db");
  const { loadActor } = await import("../server/auth/actor");
  const { hashApiPassword } = await import("../server/auth/api-password");
  const { leanApp } = await import("../server/http/lean-app");
  const { exportAuditCsv } = await import("../server/services/audit/audit");
  const { ZAuditFilter } = await import("../server/services/audit/schemas");

  const platformId = randomUUID();
  const platform = await db.account.create({
    data: { id: platformId, name: `bench-${platformId}`, kind: "platform", path: `/${platformId}/` },
  });
  const admin = await db.user.create({
    data: {
      accountId: platform.id,
      role: "admin",
      email: `bench-${platformId}@example.test`,
      displayName: "Bench",
      passwordHash: "-",
    },
  });
  const principal = (await loadActor(admin.id))!;
  const customer = async (label: string) => {
    const id = randomUUID();
    return db.account.create({
      data: { id, name: `${label}-${id}`, kind: "customer", parentId: platform.id, path: `${platform.path}${id}/` },
    });
  };
  const large = await customer("large");
  const small = await customer("small");

  // Generated inside PostgreSQL: the same snapshot text for every event, so seeding costs seconds.
  const seedEvents = (accountId: string, count: number, snapshot: unknown) =>
    db.$executeRaw`
      INSERT INTO "AuditEvent" ("occurredAt", "actorLabel", "actorAccountId", "accountId", "action", "entityType", "entityId",
                                "before", "after", "ip", "userAgent", "channel", "hash")
      SELECT now(), 'bench', ${accountId}::uuid, ${accountId}::uuid, 'callflow.update', 'callflow', gen_random_uuid()::text,
             ${JSON.stringify(snapshot)}::json, ${JSON.stringify(snapshot)}::json, '203.0.113.1', 'bench', 'portal', md5(random()::text)
        FROM generate_series(1, ${count})`;
  const snapshot = (kb: number) => ({ name: "Reception", extension: 500, flow: flowOfSize(kb), version: 1 });
  console.log(`seeding ${EXPORT_EVENTS} audit events of 2 x ${SNAPSHOT_KB} KB and ${LARGE_FLOWS} flows of 256 KB...`);
  await seedEvents(large.id, EXPORT_EVENTS, snapshot(SNAPSHOT_KB));
  await seedEvents(small.id, 200, { ...snapshot(1), flow: flowOfSize(1, 5) });
  const seedFlows = (accountId: string, count: number, flow: unknown) =>
    db.$executeRaw`
      INSERT INTO "CallFlow" ("id", "accountId", "name", "extension", "flow", "updatedAt")
      SELECT gen_random_uuid(), ${accountId}::uuid, 'Flow ' || n, 1000 + n, ${JSON.stringify(flow)}::json, now()
        FROM generate_series(1, ${count}) AS n`;
  await seedFlows(large.id, LARGE_FLOWS, flowOfSize(256));
  await seedFlows(small.id, 5, flowOfSize(1, 5));

  const password = "bench-api-password";
  await db.apiCredential.create({ data: { accountId: platform.id, username: "bench", passwordHash: hashApiPassword(password) } });
  const listFlows = async (account: { name: string }) => {
    const response = await leanApp.fetch(
      new Request("http://localhost/voip/flow", {
        headers: {
          "X-Auth-Reseller": platform.name,
          "X-Auth-User": "bench",
          "X-Auth-Password": password,
          "X-Auth-For": account.name,
        },
      }),
    );
    if (response.status !== 200 || !response.body) throw new Error(`GET /voip/flow answered ${response.status}`);
    return response.body;
  };
  const exportOf = (account: { id: string }) => () =>
    exportAuditCsv({ principal, ip: "127.0.0.1", userAgent: "bench" }, ZAuditFilter.parse({ accountId: account.id }));

  // Loads and compiles both paths, so the first measured run pays nothing extra.
  await measure(exportOf(small));
  await measure(() => listFlows(small));

  const rows: [string, Measure][] = [
    ["CSV export, 200 small events (baseline)", await measure(exportOf(small))],
    [`CSV export, ${EXPORT_EVENTS} events of 2 x ${SNAPSHOT_KB} KB`, await measure(exportOf(large))],
    ["GET /voip/flow, 5 small flows (baseline)", await measure(() => listFlows(small))],
    [`GET /voip/flow, ${LARGE_FLOWS} flows of 256 KB`, await measure(() => listFlows(large))],
  ];
  console.log("peak live memory (JS heap + external memory after full GCs) above the start of each response, read to its end");
  console.log(`${"response".padEnd(48)} | ${"body MB".padStart(9)} | ${"peak live MB".padStart(12)} | ${"seconds".padStart(7)}`);
  for (const [label, { peakMb, ms, bytes }] of rows) {
    console.log(
      `${label.padEnd(48)} | ${(bytes / 1024 / 1024).toFixed(1).padStart(9)} | ${peakMb.toFixed(1).padStart(12)} | ${(ms / 1000).toFixed(1).padStart(7)}`,
    );
  }
  await closeDatabase();
} finally {
  await database.drop();
}
