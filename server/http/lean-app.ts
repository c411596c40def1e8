import { timingSafeEqual } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { clientIp } from "@/server/auth/client-ip";
import { metricsAccess } from "@/server/config";
import { readiness } from "@/server/observability/health";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import { currentRequest, noteRequest } from "@/server/observability/request-context";
import { envelope } from "@/server/rest/envelope";
import { openApiDocument } from "@/server/rest/openapi";
import { VOIP_ROUTES } from "@/server/rest/routes";
import { createContext } from "@/server/trpc/context";
import { brandImageResponse } from "./brand-images";
import { appRouter } from "@/server/trpc/root";

// The paths served without Next's router, for speed: the REST API from its route table
// (server/rest/routes.ts) and the portal's tRPC endpoint. Both call the same services as the pages.

/**
 * JSON answers, never documents: nothing may frame them or read them as another type. The HTTP
 * server (./portal-server.ts) sets them on the response before this router answers, where they
 * cost four plain headers; set here, on the Response, each answer would build a Headers object.
 */
export const LEAN_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** The API's description is public and the same for everyone: built once. */
const openApiJson = JSON.stringify(openApiDocument);

const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/** One procedure's own path; a batch, or a name no procedure has, gets one shared label. */
function trpcRoute(path: string): string {
  const name = path.slice("/api/trpc/".length);
  if (name.includes(",")) return "/api/trpc/(batch)";
  return PROCEDURES.has(name) ? `/api/trpc/${name}` : "/api/trpc/(unknown)";
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * ─── METRICS ACCESS ─── As server/config.ts's metricsAccess decides: the bearer of METRICS_TOKEN,
 * or clients on this machine (by the client address, so a proxy in front that is counted in
 * TRUST_PROXY_HOPS does not make the world local), or nobody. Anyone else is told there is
 * nothing here.
 */
function mayReadMetrics(headers: Headers): boolean {
  const access = metricsAccess();
  if (access.kind === "closed") return false;
  if (access.kind === "loopback") return LOOPBACK.test(clientIp(headers));
  const presented = Buffer.from(headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${access.token}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function buildLeanApp(): Hono {
  const app = new Hono();
  app.get("/voip/openapi.json", () => new Response(openApiJson, { headers: { "Content-Type": "application/json" } }));
  for (const { method, path, handle } of VOIP_ROUTES) app.on(method, path, (c) => handle(c.req.raw, c.req.param()));

  app.get("/brand/:ownerId/:image", (c) => brandImageResponse(c.req.param("ownerId"), c.req.param("image")));

  app.get("/healthz", () => Response.json({ status: "ok" }));
  app.get("/readyz", async () => {
    const state = await readiness();
    return Response.json(state, { status: state.ready ? 200 : 503 });
  });
  app.get("/metrics", async (c) => {
    if (!mayReadMetrics(c.req.raw.headers)) return new Response("Not found\n", { status: 404 });
    return new Response(await metrics.registry.metrics(), { headers: { "Content-Type": metrics.registry.contentType } });
  });

  app.all("/api/trpc/*", (c) => {
    noteRequest({ route: trpcRoute(c.req.path) });
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router: appRouter,
      allowMethodOverride: true,
      createContext: ({ resHeaders }) => createContext(c.req.raw, resHeaders),
      onError: ({ error, path }) => {
        // Expected failures (not found, bad input, conflicts) are answers, not faults.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error(
            { err: error.cause ?? error, requestId: currentRequest()?.requestId, procedure: path },
            "tRPC procedure failed",
          );
        }
      },
    });
  });
  // A known path with another method is 405, naming the methods it has. It is looked up only
  // when no route matched: were these registered as routes for every method, each request would
  // match two handlers, and Hono would compose them instead of calling the one that answers.
  const methodsByPath = new Map<string, string[]>([["/voip/openapi.json", ["GET"]]]);
  for (const { method, path } of VOIP_ROUTES) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method]);
  const knownPaths = new TrieRouter<string[]>();
  for (const [path, methods] of methodsByPath) knownPaths.add("ALL", path, methods);
  app.notFound((c) => {
    const [[known] = []] = knownPaths.match(c.req.method, c.req.path);
    return known ? envelope(405, {}, { Allow: known[0].join(", ") }) : envelope(404, {});
  });
  return app;
}

export const leanApp = buildLeanApp();
