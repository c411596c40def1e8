import { randomBytes, randomUUID } from "node:crypto";
import { deployMigrations } from "../prisma/migrate";
import { peakGrowth } from "../tests/support/live-memory";
import { createScratchDatabase } from "../tests/support/scratch-database";

/**
 * Bulk import of customers through the REST API's router (POST /voip/import/customers, a real
 * API credential), then the import job in this process, as a server works it: 20,000 customers
 * against 100 in the same run, with the time of each (upload and job) and the peak growth of
 * live memory (JavaScript heap and external memory, after a full collection, sampled each second)
 * over the whole import. The CSV is sent as a
 * stream, generated as it is read. A scratch database on the local PostgreSQL is created and dropped.
 * Target: 20,000 customers in under 60 s, memory about as a 100-row import.
 */

const LARGE = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
const SMALL = 100;
const MB = 1024 * 1024;

function csvBody(prefix: string, rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next === 0) controller.enqueue(encoder.encode("name,display_name,contact_email,plan,owner_email\n"));
      const lines: string[] = [];
      for (let i = 0; i < 500 && next < rows; i++, next++) {
        lines.push(`${prefix}-${next},Customer ${next} Ltd,billing-${next}@example.test,,`);
      }
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
      if (next >= rows) controller.close();
    },
  });
}

/** The peak growth of live memory (what survives a full collection), sampled every second of the import's own time. */
function memoryPeak() {
  const meter = peakGrowth(1000);
  return () => meter.stop().total / MB;
}

const database = await createScratchDatabase("bench_import");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("../server/db");
  const { leanApp } = await import("../server/http/lean-app");
  const { hashApiPassword } = await import("../server/auth/api-password");
  const { runImport } = await import("../server/services/imports/imports");
  const { stopJobs } = await import("../server/jobs/queue");
  const { childPath } = await import("../server/services/accounts/tree");
  const { CLIENT_IP_HEADER } = await import("../server/auth/client-ip");

  const rootId = randomUUID();
  const root = await db.account.create({
    data: { id: rootId, name: "bench-platform", kind: "platform", path: childPath("/", rootId) },
  });
  const resellerId = randomUUID();
  const reseller = await db.account.create({
    data: { id: resellerId, name: "bench-reseller", kind: "reseller", parentId: root.id, path: childPath(root.path, resellerId) },
  });
  const password = randomBytes(12).toString("hex");
  await db.apiCredential.create({ data: { accountId: reseller.id, username: "bench", passwordHash: hashApiPassword(password) } });
  const headers = {
    "X-Auth-Reseller": reseller.name,
    "X-Auth-User": "bench",
    "X-Auth-Password": password,
    "Content-Type": "text/csv",
    [CLIENT_IP_HEADER]: "127.0.0.1",
  };

  async function importCustomers(prefix: string, rows: number) {
    const stopMemory = memoryPeak();
    const started = performance.now();
    const request = new Request("http://localhost/voip/import/customers?dry_run=false&mode=create", {
      method: "POST",
      headers,
      body: csvBody(prefix, rows),
      duplex: "half",
    } as RequestInit);
    const response = await leanApp.fetch(request);
    const answer = (await response.json()) as { result: { uuid: string } };
    if (response.status !== 202) throw new Error(`import not started: ${response.status} ${JSON.stringify(answer)}`);
    const uploaded = performance.now();
    await runImport(answer.result.uuid);
    const finished = performance.now();
    const peakMb = stopMemory();
    const counts = await db.importRow.groupBy({ by: ["status"], where: { runId: answer.result.uuid }, _count: { _all: true } });
    const created = counts.find((count) => count.status === "created")?._count._all ?? 0;
    if (created !== rows) throw new Error(`${created} of ${rows} rows created: ${JSON.stringify(counts)}`);
    return {
      rows,
      uploadS: (uploaded - started) / 1000,
      jobS: (finished - uploaded) / 1000,
      totalS: (finished - started) / 1000,
      peakMb,
    };
  }

  await importCustomers("warm-up", 50);
  const small = await importCustomers("small", SMALL);
  const large = await importCustomers("large", LARGE);

  console.log(
    `\n${"rows".padStart(7)}${"upload s".padStart(10)}${"job s".padStart(9)}${"total s".padStart(9)}${"rows/s".padStart(9)}${"peak live MB".padStart(14)}`,
  );
  for (const result of [small, large]) {
    console.log(
      `${String(result.rows).padStart(7)}${result.uploadS.toFixed(2).padStart(10)}${result.jobS.toFixed(2).padStart(9)}${result.totalS.toFixed(2).padStart(9)}${(result.rows / result.totalS).toFixed(0).padStart(9)}${result.peakMb.toFixed(1).padStart(14)}`,
    );
  }
  const verdict = large.totalS < 60 ? "met" : "MISSED";
  console.log(`\nTarget: ${LARGE} customers in under 60 s: ${verdict} (${large.totalS.toFixed(1)} s).`);
  console.log(
    `Peak live memory: ${large.peakMb.toFixed(1)} MB for ${LARGE} rows beside ${small.peakMb.toFixed(1)} MB for ${SMALL}.`,
  );
  await stopJobs();
  await closeDatabase();
} finally {
  await database.drop();
}
