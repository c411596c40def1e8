import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import { deployMigrations } from "@/prisma/migrate";
import { hashApiPassword } from "@/server/auth/api-password";
import { hashPassword } from "@/server/auth/password";
import { createPrismaClient } from "@/server/db";
import { childPath } from "@/server/services/accounts/tree";
import { createScratchDatabase } from "@/tests/support/scratch-database";
import { launchLineArgs } from "@/tests/support/launch";

/**
 * The REST API and tRPC under load, against two baselines answering the same GET-by-uuid on the
 * same scratch PostgreSQL database: a bare node:http + pg server with the portal's
 * authentication SQL and password check (bench/bare-server.ts, two queries), and a minimal one
 * that keeps the credential's verification in memory and sends one query (bench/minimal-server.ts).
 * For each scenario it prints requests/s, p50, p99, the ratio to each baseline, and the server
 * process's CPU time per request. Both baselines are measured again just before each scenario
 * and the ratios taken to those figures, so load from elsewhere on a shared machine skews all
 * alike; CPU per request hardly depends on it at all.
 *
 * The portal runs as `npm start` runs it (server/http/main.ts on the production build, built
 * first if there is none). Settings: BENCH_SECONDS per measurement (default 10), BENCH_API_PORT
 * (default 3700; the bare server takes the next port, the minimal one the port after), BENCH_PROFILE=1 to write the portal's CPU
 * profile (node --cpu-prof) to .bench-profiles/ when it stops, BENCH_ONLY=<text> to run only the
 * scenarios whose name contains it.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_API_PORT ?? 3700);
const BARE_PORT = PORT + 1;
const MINIMAL_PORT = PORT + 2;
const SECRET = "bench-secret-not-for-production-0123456789";
const PROFILE = process.env.BENCH_PROFILE === "1";
const ONLY = process.env.BENCH_ONLY ?? "";
const FLOWS = 50;
const CUSTOMERS = 20_000;
const TARGETS = { getRatio: 0.4, getMinimalRatio: 0.3, getP99Ms: 25, trpcRatio: 0.15, putP99Ms: 100 };

/** What the customers page asks for first: one page (the default 50) of the reseller's customers. */
const CUSTOMERS_LIST = { procedure: "accounts.customers.list", input: {} as unknown };

process.env.NEXTAUTH_SECRET = SECRET;

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build: running next build first.");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const database = await createScratchDatabase("bench");
const children: ChildProcess[] = [];

function busyFlow(extension: number, name: string) {
  return { name, extension, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } } };
}

async function seed() {
  await deployMigrations({ kind: "postgres", url: database.url });
  const { client: db, close } = createPrismaClient({ kind: "postgres", url: database.url });
  try {
    const account = (name: string, kind: "platform" | "reseller" | "customer", parent: { id: string; path: string } | null) => {
      const id = randomUUID();
      return db.account.create({
        data: { id, name, kind, parentId: parent?.id ?? null, path: childPath(parent?.path ?? "/", id) },
      });
    };
    const root = await account("bench-platform", "platform", null);
    const reseller = await account("bench-reseller", "reseller", root);
    const customer = await account("bench-customer", "customer", reseller);
    const flows = await db.callFlow.createManyAndReturn({
      data: Array.from({ length: FLOWS }, (_, i) => ({ accountId: customer.id, ...busyFlow(500 + i, `Flow ${i}`) })),
      select: { id: true, extension: true, name: true },
    });
    const apiPassword = "bench-api-password-0123456789abcdef";
    await db.apiCredential.create({
      data: { accountId: reseller.id, username: "api", passwordHash: hashApiPassword(apiPassword) },
    });
    const passwordHash = await hashPassword("bench-user-password");
    const customerUser = await db.user.create({
      data: { email: "owner@bench.example", displayName: "Bench owner", passwordHash, role: "customer", accountId: customer.id },
    });

    const bigReseller = await account("bench-big-reseller", "reseller", root);
    await db.$executeRaw`
      INSERT INTO "Account" ("id", "name", "kind", "parentId", "path", "updatedAt")
      SELECT id, 'big-customer-' || lpad(n::text, 5, '0'), 'customer', ${bigReseller.id}::uuid, ${bigReseller.path} || id || '/', now()
        FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${CUSTOMERS}) AS n) AS generated`;
    const resellerUser = await db.user.create({
      data: {
        email: "staff@big-reseller.example",
        displayName: "Big reseller staff",
        passwordHash,
        role: "reseller",
        accountId: bigReseller.id,
      },
    });
    await db.$executeRawUnsafe("ANALYZE");

    // As next-auth writes it, with the user's session version (a token without one is refused).
    const cookie = async (user: { id: string; sessionVersion: number }) =>
      `next-auth.session-token=${await encode({ token: { sub: user.id, sv: user.sessionVersion }, secret: SECRET })}`;
    return {
      customer,
      flows,
      api: {
        "X-Auth-Reseller": reseller.name,
        "X-Auth-User": "api",
        "X-Auth-Password": apiPassword,
        "X-Auth-For": customer.name,
      },
      customerCookie: await cookie(customerUser),
      resellerCookie: await cookie(resellerUser),
    };
  } finally {
    await close();
  }
}

function start(args: string[], port: number): ChildProcess {
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  children.push(child);
  return child;
}

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within 2 minutes`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

type Scenario = {
  name: string;
  server: ChildProcess;
  url: string;
  connections: number;
  headers?: Record<string, string>;
  requests?: autocannon.Request[];
};

type Figures = {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpuMsPerRequest: number;
};

/** User + system CPU time a process has used so far, in ms (Linux /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(scenario: Scenario, seconds = SECONDS): Promise<Figures> {
  const cpuBefore = cpuMs(scenario.server.pid!);
  const result = await autocannon({
    url: scenario.url,
    connections: scenario.connections,
    duration: seconds,
    headers: scenario.headers,
    requests: scenario.requests,
    timeout: 30,
  });
  return {
    name: scenario.name,
    connections: scenario.connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    cpuMsPerRequest: (cpuMs(scenario.server.pid!) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

/** A short run first, so the JIT, the connection pools and PostgreSQL's caches are warm. */
async function warmThenMeasure(scenario: Scenario): Promise<Figures> {
  await measure(scenario, 2);
  return measure(scenario);
}

/** A query's URL as the portal's client builds it: the input encoded by superjson (server/trpc/init.ts). */
function trpcGet(procedure: string, input: unknown): string {
  if (input === undefined) return `/api/trpc/${procedure}`;
  return `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

function row(f: Figures, baseline: Figures, minimal: Figures): string {
  return [
    f.name.padEnd(52),
    String(f.connections).padStart(5),
    f.rps.toFixed(0).padStart(8),
    f.p50.toFixed(1).padStart(7),
    f.p99.toFixed(1).padStart(7),
    (f.rps / baseline.rps).toFixed(3).padStart(6),
    (f.rps / minimal.rps).toFixed(3).padStart(6),
    f.cpuMsPerRequest.toFixed(3).padStart(10),
    p99Floor(f).toFixed(1).padStart(9),
    String(f.failed).padStart(7),
  ].join(" ");
}

const CORES = availableParallelism();

/**
 * The lowest p99 a closed-loop load at N connections can show when each request costs the server
 * `cpuMsPerRequest` of CPU on this machine's cores: N requests are always waiting, so the last of
 * them waits for the others' CPU time. The load tool and everything else on the cores add to it.
 */
function p99Floor(f: Figures): number {
  return (f.connections * f.cpuMsPerRequest) / CORES;
}

try {
  console.log(`Seeding a scratch database (${FLOWS} flows, a reseller with ${CUSTOMERS} customers)...`);
  const data = await seed();
  const portalUrl = `http://127.0.0.1:${PORT}`;
  const bareUrl = `http://127.0.0.1:${BARE_PORT}`;
  const minimalUrl = `http://127.0.0.1:${MINIMAL_PORT}`;
  const flowPath = `/voip/flow/${data.flows[0]!.id}`;

  const bare = start(["--import", "tsx", "bench/bare-server.ts"], BARE_PORT);
  const minimal = start(["--import", "tsx", "bench/minimal-server.ts"], MINIMAL_PORT);
  const profileArgs = PROFILE ? ["--cpu-prof", "--cpu-prof-dir=.bench-profiles"] : [];
  // The server process itself, launched with `npm start`'s own arguments, so its CPU is what is measured.
  const portal = start([...profileArgs, ...launchLineArgs("start")], PORT);
  await waitFor(`${bareUrl}/`);
  await waitFor(`${minimalUrl}/`);
  await waitFor(`${portalUrl}/voip/openapi.json`);
  console.log(`Bare and minimal servers and portal ready; ${SECONDS} s per measurement.`);
  const baselineScenario: Scenario = {
    name: "  bare node:http + pg GET by uuid",
    server: bare,
    url: `${bareUrl}${flowPath}`,
    connections: 32,
    headers: data.api,
  };
  const minimalScenario: Scenario = {
    ...baselineScenario,
    name: "  minimal node:http + pg GET by uuid",
    server: minimal,
    url: `${minimalUrl}${flowPath}`,
  };

  let nextPutFlow = 0;
  const scenarios: Scenario[] = [
    { name: "REST GET /voip/flow/{uuid}", server: portal, url: `${portalUrl}${flowPath}`, connections: 32, headers: data.api },
    {
      name: `REST GET /voip/flow (${FLOWS} flows)`,
      server: portal,
      url: `${portalUrl}/voip/flow`,
      connections: 32,
      headers: data.api,
    },
    {
      name: "REST PUT /voip/flow/{uuid} (a flow per connection)",
      server: portal,
      url: portalUrl,
      connections: 8,
      requests: [
        {
          method: "PUT",
          setupRequest: (request, context: { flow?: (typeof data.flows)[number] }) => {
            context.flow ??= data.flows[nextPutFlow++ % data.flows.length]!;
            return {
              ...request,
              path: `/voip/flow/${context.flow.id}`,
              headers: { ...data.api, "Content-Type": "application/json" },
              body: JSON.stringify(busyFlow(context.flow.extension, context.flow.name)),
            };
          },
        },
      ],
    },
    {
      name: "tRPC callFlows.get (customer cookie)",
      server: portal,
      url: `${portalUrl}${trpcGet("callFlows.get", { accountId: data.customer.id, id: data.flows[0]!.id })}`,
      connections: 32,
      headers: { Cookie: data.customerCookie },
    },
    {
      name: `tRPC ${CUSTOMERS_LIST.procedure} (${CUSTOMERS} customers)`,
      server: portal,
      url: `${portalUrl}${trpcGet(CUSTOMERS_LIST.procedure, CUSTOMERS_LIST.input)}`,
      connections: 4,
      headers: { Cookie: data.resellerCookie },
    },
  ];
  const results: { figures: Figures; baseline: Figures; minimal: Figures }[] = [];
  for (const scenario of scenarios.filter(({ name }) => name.includes(ONLY))) {
    console.log(`  ${scenario.name}...`);
    const baseline = await warmThenMeasure(baselineScenario);
    const minimalFigures = await warmThenMeasure(minimalScenario);
    results.push({ baseline, minimal: minimalFigures, figures: await warmThenMeasure(scenario) });
  }
  await Promise.all([stop(portal), stop(bare), stop(minimal)]);

  const header = [
    "scenario".padEnd(52),
    "conns".padStart(5),
    "req/s".padStart(8),
    "p50 ms".padStart(7),
    "p99 ms".padStart(7),
    "÷bare".padStart(6),
    "÷min".padStart(6),
    "CPU ms/req".padStart(10),
    "floor ms".padStart(9),
    "non-2xx".padStart(7),
  ];
  console.log(`\n${header.join(" ")}`);
  for (const { figures, baseline, minimal: minimalFigures } of results) {
    console.log(row(baseline, baseline, minimalFigures));
    console.log(row(minimalFigures, baseline, minimalFigures));
    console.log(row(figures, baseline, minimalFigures));
  }

  type Result = (typeof results)[number];
  if (results.length === scenarios.length) {
    const ratio = ({ figures, baseline }: Result) => figures.rps / baseline.rps;
    const minimalRatio = ({ figures, minimal: minimalFigures }: Result) => figures.rps / minimalFigures.rps;
    const [get, , put, trpc] = results as [Result, Result, Result, Result, Result];
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log("\nTargets (÷bare, ÷min: requests/s over the bare and the minimal server's, measured just before):");
    console.log(
      `  REST GET-by-uuid ÷bare >= ${TARGETS.getRatio}: ${ratio(get).toFixed(3)} (${verdict(ratio(get) >= TARGETS.getRatio)})`,
    );
    console.log(
      `  REST GET-by-uuid ÷min >= ${TARGETS.getMinimalRatio}: ${minimalRatio(get).toFixed(3)} (${verdict(minimalRatio(get) >= TARGETS.getMinimalRatio)})`,
    );
    console.log(
      `  REST GET-by-uuid p99 < ${TARGETS.getP99Ms} ms: ${get.figures.p99} ms (${verdict(get.figures.p99 < TARGETS.getP99Ms)})`,
    );
    console.log(
      `  tRPC callFlows.get ÷bare >= ${TARGETS.trpcRatio}: ${ratio(trpc).toFixed(3)} (${verdict(ratio(trpc) >= TARGETS.trpcRatio)})`,
    );
    console.log(
      `  REST PUT p99 < ${TARGETS.putP99Ms} ms: ${put.figures.p99} ms (${verdict(put.figures.p99 < TARGETS.putP99Ms)})`,
    );
  }
  console.log(
    `\nfloor ms: connections × CPU ms/req / ${CORES} cores, the least p99 a closed loop can see here whatever else runs; ` +
      "p99 above it is waiting for the cores (the load tool shares them).",
  );
  if (results.some(({ figures, baseline, minimal: m }) => figures.failed + baseline.failed + m.failed > 0)) {
    console.log("\nSome responses were not 2xx: those figures are not valid.");
  }
} finally {
  await Promise.all(children.map(stop));
  await database.drop();
}
