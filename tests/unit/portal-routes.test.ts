import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// ─── ONE GUARD FOR EVERY ROUTE THAT TAKES A SESSION ─── A route handler under app/ that reads
// the session itself would skip the rules tRPC applies (two-factor for staff, cross-site
// requests): every handler goes through portalFileRoute (server/http/portal-route.ts), and
// tests/integration/portal-routes.ts calls each of them. next-auth's own route is the exception:
// it makes the session.

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_AUTH_ROUTE = "app/api/auth/[...nextauth]/route.ts";

const routeFiles = readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
  .filter((name) => /(^|\/)route\.tsx?$/.test(name))
  .map((name) => path.join("app", name))
  .sort();

const HANDLER = /export\s+(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g;

describe("route handlers", () => {
  it("every one but next-auth's answers through portalFileRoute, once per handler", () => {
    const others = routeFiles.filter((file) => file !== NEXT_AUTH_ROUTE);
    expect(others.length).toBeGreaterThan(0);
    for (const file of others) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const handlers = [...text.matchAll(HANDLER)].map((match) => match[1]);
      expect(handlers.length, file).toBeGreaterThan(0);
      expect(text, file).toContain('from "@/server/http/portal-route"');
      expect(text.match(/return portalFileRoute\(request,/g)?.length ?? 0, file).toBe(handlers.length);
      expect(text, `${file} must not read the session itself`).not.toMatch(/currentActor|next\/headers|getServerSession/);
    }
  });

  it("every one is called by the integration tests' route table", () => {
    const table = readFileSync(path.join(ROOT, "tests/integration/portal-routes.ts"), "utf8");
    for (const file of routeFiles.filter((name) => name !== NEXT_AUTH_ROUTE)) {
      expect(table, file).toContain(`@/${file.replace(/\.tsx?$/, "")}`);
    }
  });
});
