import { randomUUID } from "node:crypto";
import { deployMigrations } from "@/prisma/migrate";
import { statementsOf } from "@/tests/support/round-trips";
import { createScratchDatabase } from "@/tests/support/scratch-database";
import { benchAccount } from "./bench-account";

/**
 * What a REST PUT, GET and POST of a call flow cost below HTTP: each request goes through the
 * API's router (server/http/lean-app.ts) with its authentication by a real API credential, the
 * services and a scratch PostgreSQL database, in this process, so neither figure depends on what
 * else loads the machine and a change to the path shows here when latencies are too noisy to
 * compare. Printed: the database round trips of each (every statement sent, counted at the pg
 * driver: BEGIN and COMMIT, the credential's query, everything; tests/support/round-trips.ts),
 * with one request's statements listed, and the CPU time per request. BENCH_REQUESTS sets how
 * many of each are timed (default 300). Not counted: the REST API's metering, which writes the
 * counts of every request in one batched statement a second (server/rest/metering.ts).
 */

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARM_UP = 50;
async function measure(what: string, run: (index: number) => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const statements = await statementsOf(() => run(WARM_UP));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const all = await statementsOf(async () => {
    for (let i = 0; i < REQUESTS; i++) await run(WARM_UP + 1 + i);
  });
  const used = process.cpuUsage(cpu);
  const cells = [
    what.padEnd(26),
    (all.length / REQUESTS).toFixed(1).padStart(11),
    ((used.user + used.system) / 1000 / REQUESTS).toFixed(2).padStart(10),
    ((performance.now() - started) / REQUESTS).toFixed(1).padStart(7),
  ];
  return { row: cells.join(" | "), statements };
}

const database = await createScratchDatabase("bench");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("@/server/db");
  const { leanApp } = await import("@/server/http/lean-app");
  const { flushApiUsage } = await import("@/server/rest/metering");
  const { hashApiPassword } = await import("@/server/auth/api-password");
  const { CLIENT_IP_HEADER } = await import("@/server/auth/client-ip");
  const { account } = await benchAccount(db);
  // Room for every POST's flow on an extension of its own.
  await db.account.update({ where: { id: account.id }, data: { flowExtensionMin: 1000, flowExtensionMax: 99_999 } });
  await db.apiCredential.create({
    data: { accountId: account.id, username: "bench", passwordHash: hashApiPassword("bench-password") },
  });
  const headers = {
    "X-Auth-Reseller": account.name,
    "X-Auth-User": "bench",
    "X-Auth-Password": "bench-password",
    "Content-Type": "application/json",
    [CLIENT_IP_HEADER]: "127.0.0.1",
  };
  const [start, busy] = [randomUUID(), randomUUID()];
  const document = (name: string, extension: number) => ({
    name,
    extension,
    flow: { [start]: { module: "start", next: busy }, [busy]: { module: "busy" } },
  });

  async function call(method: string, path: string, expected: number, body?: unknown, extra: Record<string, string> = {}) {
    const init = { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) };
    const response = await leanApp.fetch(new Request(`http://portal${path}`, init));
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return { etag: response.headers.get("etag"), json: JSON.parse(text) as { result: { uuid: string } } };
  }

  const created = await call("POST", "/voip/flow", 201, document("Bench", 1000));
  const uuid = created.json.result.uuid;
  let etag = created.etag!;
  const results = [
    {
      request: "PUT /voip/flow/{uuid}",
      ...(await measure("PUT (with If-Match)", async (i) => {
        etag = (await call("PUT", `/voip/flow/${uuid}`, 200, document(`Bench ${i}`, 1000), { "If-Match": etag })).etag!;
      })),
    },
    {
      request: "GET /voip/flow/{uuid}",
      ...(await measure("GET", () => call("GET", `/voip/flow/${uuid}`, 200))),
    },
    {
      request: "POST /voip/flow",
      ...(await measure("POST", (i) => call("POST", "/voip/flow", 201, document(`Bench new ${i}`, 2000 + i)))),
    },
  ];

  console.log(`REST call-flow requests through the API's router, ${REQUESTS} each after ${WARM_UP} unmeasured`);
  console.log("request                    | round trips | CPU ms/req | wall ms");
  for (const result of results) console.log(result.row);
  for (const { request, statements } of results) {
    console.log(`\n${request}: ${statements.length} round trips`);
    for (const [index, statement] of statements.entries()) {
      console.log(`  ${index + 1}. ${statement.length > 150 ? `${statement.slice(0, 147)}...` : statement}`);
    }
  }
  await flushApiUsage();
  await closeDatabase();
} finally {
  await database.drop();
}
