import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { envelope } from "@/server/rest/envelope";
import { openApiDocument } from "@/server/rest/openapi";
import { VOIP_ROUTES } from "@/server/rest/routes";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

// The paths served without Next's router, for speed: the REST API from its route table
// (server/rest/routes.ts) and the portal's tRPC endpoint. Both call the same services as the pages.

// JSON answers, never documents: nothing may frame them or read them as another type.
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** The API's description is public and the same for everyone: built once. */
const openApiJson = JSON.stringify(openApiDocument);

function buildLeanApp(): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  app.get("/voip/openapi.json", () => new Response(openApiJson, { headers: { "Content-Type": "application/json" } }));
  for (const { method, path, handle } of VOIP_ROUTES) app.on(method, path, (c) => handle(c.req.raw, c.req.param()));
  // A known path with another method is 405, naming the methods it has.
  const methodsByPath = new Map<string, string[]>([["/voip/openapi.json", ["GET"]]]);
  for (const { method, path } of VOIP_ROUTES) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method]);
  for (const [path, methods] of methodsByPath) app.all(path, () => envelope(405, {}, { Allow: methods.join(", ") }));

  app.all("/api/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router: appRouter,
      allowMethodOverride: true,
      createContext: () => createContext(c.req.raw),
    }),
  );
  app.notFound(() => envelope(404, {}));
  return app;
}

export const leanApp = buildLeanApp();
