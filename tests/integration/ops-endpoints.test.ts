import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { closeDatabase, db } from "@/server/db";
import { leanApp } from "@/server/http/lean-app";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/support/scratch-database";

// What /readyz and /metrics tell whoever asks. This file's process runs on a database that was
// never migrated, so the portal is not ready and every migration is pending.

let empty: ScratchDatabase;

beforeAll(async () => {
  empty = await createScratchDatabase("unready");
  process.env.DATABASE_URL = empty.url;
});

afterAll(async () => {
  await closeDatabase();
  await empty.drop();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return leanApp.fetch(new Request(`http://portal.test${path}`, { headers }));
}

describe("GET /readyz", () => {
  it("says how many migrations are pending, never which", async () => {
    // A first connection to a new database can take longer than readiness waits on a busy machine.
    await db.$queryRaw`SELECT 1`;
    const response = await get("/readyz");
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toMatch(/\d{14}_\w+/);
    const body = JSON.parse(text) as { ready: boolean; checks: { migrations: string }; pending: unknown };
    expect(body).toMatchObject({ ready: false, checks: { database: "ok", migrations: "pending" } });
    expect(typeof body.pending).toBe("number");
    expect(body.pending).toBeGreaterThan(0);
  });
});

describe("GET /metrics", () => {
  const saved = { ...process.env };
  afterEach(() => {
    const env = process.env as Record<string, string | undefined>;
    for (const name of ["NODE_ENV", "METRICS_PUBLIC", "METRICS_TOKEN"]) {
      if (saved[name] === undefined) delete env[name];
      else env[name] = saved[name];
    }
  });
  const loopback = { [CLIENT_IP_HEADER]: "127.0.0.1" };
  const remote = { [CLIENT_IP_HEADER]: "198.51.100.9" };
  const production = (settings: Record<string, string>) => {
    (process.env as Record<string, string>).NODE_ENV = "production";
    Object.assign(process.env, settings);
  };

  it("in production with neither METRICS_TOKEN nor METRICS_PUBLIC, is closed even to loopback (a proxy on the same host is loopback)", async () => {
    production({});
    delete process.env.METRICS_TOKEN;
    delete process.env.METRICS_PUBLIC;
    expect((await get("/metrics", loopback)).status).toBe(404);
    expect((await get("/metrics", remote)).status).toBe(404);
  });

  it("with METRICS_PUBLIC=loopback, serves loopback clients only; with METRICS_PUBLIC=0, nobody", async () => {
    production({ METRICS_PUBLIC: "loopback" });
    expect((await get("/metrics", loopback)).status).toBe(200);
    expect((await get("/metrics", remote)).status).toBe(404);
    production({ METRICS_PUBLIC: "0" });
    expect((await get("/metrics", loopback)).status).toBe(404);
  });

  it("with METRICS_TOKEN, serves its bearer only, from anywhere", async () => {
    production({ METRICS_TOKEN: "a-metrics-token-of-some-length" });
    expect((await get("/metrics", loopback)).status).toBe(404);
    expect((await get("/metrics", { ...remote, Authorization: "Bearer a-metrics-token-of-some-length" })).status).toBe(200);
  });
});
