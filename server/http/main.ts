// The portal's one launch: `node --import tsx server/http/main.ts` serves the production build
// (`npm start`, the container), and with `--dev` runs Next.js in development mode (`npm run dev`).
// package.json holds both lines; everything else (the Dockerfile, the tests) runs those scripts.
// It checks the settings, prepares the database (prisma/prepare-database.ts), then
// serves. Settings: PORT (default 3000), HOST (default every interface), TRUST_PROXY_HOPS (see
// server/http/client-address.ts).
// Everything is imported dynamically, after NODE_ENV is settled: this file is a module only for its top-level awaits.
export {};

const dev = process.argv.includes("--dev");
// Next reads NODE_ENV when it loads, so it is set before anything imports it.
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const { default: next } = await import("next");
const { configOrExit, metricsStartWarning } = await import("@/server/config");
const { createPortalServer } = await import("./portal-server");
const { flushApiUsage } = await import("@/server/rest/metering");
const { logger } = await import("@/server/observability/logger");
const { closeDatabase } = await import("@/server/db");
const { startJobs, stopJobs } = await import("@/server/jobs/queue");
const { JOB_DEFINITIONS } = await import("@/server/jobs/definitions");
const { startRollupFolding, stopRollupFolding } = await import("@/server/services/calls/rollups");
const { startCallIngestThreads } = await import("@/server/rest/call-ingest");

const { prepareDatabase } = await import("@/prisma/prepare-database");
const { EmbeddedDatabaseBusyError } = await import("@/server/db/adapter");

// Every setting is checked before anything is served; a bad one stops the start, named.
const settings = configOrExit({ production: !dev });
const { port, HOST: host, trustProxyHops: hops, shutdownTimeoutMs } = settings;
try {
  await prepareDatabase(settings, dev ? "dev" : "start");
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
}

const app = next({ dev, dir: process.cwd(), hostname: host ?? "localhost", port });
await app.prepare();
await startJobs(JOB_DEFINITIONS);
startRollupFolding();
startCallIngestThreads();
const server = createPortalServer({ next: app.getRequestHandler(), trustProxyHops: hops });
const metricsWarning = metricsStartWarning();
if (metricsWarning) logger.warn(metricsWarning);
server.listen(port, host, () => {
  const proxies =
    hops === 0 ? "client address from the socket" : `client address ${hops} hop(s) from the right of X-Forwarded-For`;
  logger.info(
    { port, host: host ?? "localhost", dev, trustProxyHops: hops },
    `Portal ${dev ? "(development) " : ""}listening; ${proxies}`,
  );
});

let stopping = false;
/**
 * Graceful shutdown: stop accepting connections, let requests in flight finish (up to
 * shutdownTimeoutMs), write the last metering counts, let running jobs finish, close the database
 * pool, exit 0. A write that was acknowledged has committed; one cut off at the timeout was never
 * acknowledged and its transaction rolls back with its connection. A job cut off is retried.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, shutdownTimeoutMs }, "Stopping: finishing requests in flight");
  const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
  server.closeIdleConnections();
  const finished = await Promise.race([
    closed,
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), shutdownTimeoutMs).unref()),
  ]);
  if (!finished) {
    logger.warn("Requests still running at the shutdown timeout were cut off");
    server.closeAllConnections();
  }
  try {
    await flushApiUsage();
    await stopJobs(shutdownTimeoutMs);
    await stopRollupFolding();
    await app.close();
    await closeDatabase();
  } catch (error) {
    logger.error({ err: error }, "Shutdown did not complete cleanly");
    process.exit(1);
  }
  logger.info("Stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
