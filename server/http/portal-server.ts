import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { logger } from "@/server/observability/logger";
import { observeRequest } from "@/server/observability/metrics";
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestFacts, type RequestFacts } from "@/server/observability/request-context";
import { clientAddress } from "./client-address";
import { LEAN_SECURITY_HEADERS, leanApp } from "./lean-app";
import { routeTemplateOf } from "./route-templates";

// The portal's HTTP server, in development and production alike: the REST API (/voip), tRPC
// (/api/trpc), health and metrics go straight to a light router (./lean-app.ts), everything else
// to Next.js. Every request first gets its client address, in a header only this server sets,
// and a request id; every answer gets one log line and its metrics.

/** Paths served without Next's router. */
const LEAN_PREFIXES = ["/voip/", "/api/trpc/", "/brand/"];
const LEAN_PATHS = new Set(["/voip", "/healthz", "/readyz", "/metrics"]);

function isLean(url: string): boolean {
  return LEAN_PATHS.has(url) || LEAN_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/** Replaces any copy of the header the client sent, in both forms Node keeps headers in. */
function setClientAddress(request: IncomingMessage, address: string): void {
  const raw = request.rawHeaders;
  // Only a name of the header's length can be it, so most names are never lowercased.
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    const name = raw[i]!;
    if (name.length === CLIENT_IP_HEADER.length && name.toLowerCase() === CLIENT_IP_HEADER) raw.splice(i, 2);
  }
  raw.push(CLIENT_IP_HEADER, address);
  request.headers[CLIENT_IP_HEADER] = address;
}

export type PortalServerOptions = {
  /** Next.js's request handler, for everything but the lean paths. */
  next: RequestListener;
  /** Proxies in front of the portal (TRUST_PROXY_HOPS). */
  trustProxyHops: number;
};

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeout of the load
 * balancers and HTTP clients in front of the portal (typically 60 s). With Node's default of 5 s
 * the server may close a connection just as a client sends its next request on it, and that
 * request fails (ECONNRESET, or a 502 from the balancer).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createPortalServer({ next, trustProxyHops }: PortalServerOptions): Server {
  const lean = getRequestListener(leanApp.fetch);
  const server = createServer((request, response) => {
    const forwardedFor = request.headers["x-forwarded-for"];
    const address = clientAddress(request.socket.remoteAddress, forwardedFor, trustProxyHops);
    setClientAddress(request, address);
    const path = (request.url ?? "/").split("?")[0]!;
    const facts: RequestFacts = { requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]) };
    request.headers[REQUEST_ID_HEADER] = facts.requestId;
    response.setHeader("X-Request-Id", facts.requestId);
    const started = performance.now();
    response.once("finish", () => logRequest(request.method ?? "GET", path, response.statusCode, facts, started));
    runWithRequestFacts(facts, () => {
      if (isLean(path)) {
        for (const name in LEAN_SECURITY_HEADERS) response.setHeader(name, LEAN_SECURITY_HEADERS[name]!);
        void lean(request, response);
      } else {
        void next(request, response);
      }
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Headers must be allowed to arrive for at least as long as a connection may idle.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}

/**
 * The request lines' logger. Their fields are the fixed ones below, none of them a secret, so the
 * root logger's redaction (a guard for what other callers may pass) is off here: with its
 * wildcard paths it copied and searched every field of every line, doubling the line's cost.
 */
const requestLogger = logger.child({}, { redact: [] });

/** The one log line and the metrics of an answered request. Never headers, bodies or secrets. */
function logRequest(method: string, path: string, status: number, facts: RequestFacts, started: number): void {
  const durationMs = performance.now() - started;
  // A router's own template, else the known template the path belongs to, else `other`: never
  // the path itself, which is whatever a client typed (server/http/route-templates.ts).
  const route = facts.route ?? routeTemplateOf(path);
  observeRequest(method, route, status, durationMs / 1000);
  requestLogger.info(
    {
      requestId: facts.requestId,
      method,
      route,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      accountId: facts.accountId,
      actor: facts.actor,
    },
    "request",
  );
}
