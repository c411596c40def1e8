// Starts the portal: `tsx server/http/main.ts` serves the production build (`npm start`), and
// with `--dev` runs Next.js in development mode (`npm run dev`). Settings: PORT (default 3000),
// HOST (default every interface), TRUST_PROXY_HOPS (see server/http/client-address.ts).
const dev = process.argv.includes("--dev");
// Next reads NODE_ENV when it loads, so it is set before anything imports it.
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const { default: next } = await import("next");
const { trustProxyHops } = await import("./client-address");
const { createPortalServer } = await import("./portal-server");
const { flushApiUsage } = await import("@/server/rest/metering");

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST?.trim() || undefined;
const hops = trustProxyHops();

const app = next({ dev, dir: process.cwd(), hostname: host ?? "localhost", port });
await app.prepare();
const server = createPortalServer({ next: app.getRequestHandler(), trustProxyHops: hops });
server.listen(port, host, () => {
  const proxies = hops === 0 ? "client address from the socket" : `client address ${hops} hop(s) from the right of X-Forwarded-For`;
  console.log(`Portal ${dev ? "(development) " : ""}on http://${host ?? "localhost"}:${port}; ${proxies}.`);
});

let stopping = false;
/** Stops taking requests, lets those in flight finish, then writes the last metering counts. */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping.`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Requests still running after 10 s are abandoned; their counts are written all the same.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  await flushApiUsage();
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
export {};
