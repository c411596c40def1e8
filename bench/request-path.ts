import { randomUUID } from "node:crypto";
import pg from "pg";
import { deployMigrations } from "@/prisma/migrate";
import { createScratchDatabase } from "@/tests/support/scratch-database";
import { benchAccount } from "./bench-account";

/**
 * What one REST PUT and one GET of a call flow cost below HTTP, in the process itself, and a
 * whole REST GET /voip/flow/{uuid} through the API's router with its authentication: the
 * database round trips each makes (counted at the pg driver, BEGIN and COMMIT included) and the
 * CPU time of the service path (validation, revision, hash-chained audit, Prisma). Neither
 * depends on what else loads the machine, so a change to the path shows here when latencies are
 * too noisy to compare. BENCH_REQUESTS sets how many of each are timed (default 300).
 */

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARM_UP = 50;

let roundTrips = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  roundTrips++;
  return (query as (...args: unknown[]) => unknown).apply(this, args);
} as typeof query;

async function measure(what: string, run: (index: number) => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  roundTrips = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await run(i);
  const used = process.cpuUsage(cpu);
  const cells = [
    what.padEnd(28),
    (roundTrips / REQUESTS).toFixed(1).padStart(11),
    ((used.user + used.system) / 1000 / REQUESTS).toFixed(2).padStart(10),
    ((performance.now() - started) / REQUESTS).toFixed(1).padStart(7),
  ];
  console.log(cells.join(" | "));
}

const database = await createScratchDatabase("bench");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("@/server/db");
  const { getCallFlow, updateCallFlow } = await import("@/server/services/call-flows/call-flows");
  const { leanApp } = await import("@/server/http/lean-app");
  const { hashApiPassword } = await import("@/server/auth/api-password");
  const { CLIENT_IP_HEADER } = await import("@/server/auth/client-ip");
  const { account, ctx } = await benchAccount(db);
  const [start, busy] = [randomUUID(), randomUUID()];
  const flowOf = () => ({ [start]: { module: "start", next: busy }, [busy]: { module: "busy" } });
  const document = (name: string) => ({ name, extension: 501, flow: flowOf() });
  const flow = await db.callFlow.create({ data: { accountId: account.id, name: "Bench", extension: 501, flow: flowOf() } });

  console.log(`call-flow service path, ${REQUESTS} requests each after ${WARM_UP} unmeasured`);
  console.log("request                      | round trips | CPU ms/req | wall ms");
  await measure("PUT (updateCallFlow)", (i) =>
    updateCallFlow(ctx, { accountId: account.id, id: flow.id, document: document(`Bench ${i}`) }),
  );
  await measure("GET (getCallFlow)", () => getCallFlow(ctx, { accountId: account.id, id: flow.id }));
  await db.apiCredential.create({
    data: { accountId: account.id, username: "bench", passwordHash: hashApiPassword("bench-password") },
  });
  const headers = {
    "X-Auth-Reseller": account.name,
    "X-Auth-User": "bench",
    "X-Auth-Password": "bench-password",
    [CLIENT_IP_HEADER]: "127.0.0.1",
  };
  await measure("REST GET /voip/flow/{uuid}", async () => {
    const response = await leanApp.fetch(new Request(`http://portal/voip/flow/${flow.id}`, { headers }));
    if (response.status !== 200) throw new Error(`GET /voip/flow/{uuid} answered ${response.status}`);
    await response.text();
  });
  await closeDatabase();
} finally {
  await database.drop();
}
