import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/support/scratch-database";
import { startInstance, type Instance } from "./instance";
import { RESELLER_API, voip } from "./portal-client";
import { demoDatabase } from "./system-database";

// One production instance: request ids, the request log line, health, readiness and metrics.

let database: Awaited<ReturnType<typeof demoDatabase>>;
let instance: Instance;

beforeAll(async () => {
  database = await demoDatabase("observe");
  instance = await startInstance(database.url);
}, 120_000);

afterAll(async () => {
  await instance?.stop();
  await database?.drop();
});

async function logLineFor(requestId: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const line = instance.logs.find((entry) => entry.requestId === requestId && entry.msg === "request");
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line for request ${requestId}`);
}

describe("request ids and the request log", () => {
  it("keeps the client's X-Request-Id, answers with it, and logs one line without secrets or bodies", async () => {
    const list = await voip(instance.url, "/voip/flow", {
      headers: { "X-Auth-For": "acme", "X-Request-Id": "client-chosen-id-1" },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get("x-request-id")).toBe("client-chosen-id-1");
    const flowUuid = (list.body!.result as unknown as { uuid: string }[])[0]!.uuid;

    const got = await voip(instance.url, `/voip/flow/${flowUuid}`, {
      headers: { "X-Auth-For": "acme", "X-Request-Id": "client-chosen-id-2" },
    });
    expect(got.status).toBe(200);
    const line = await logLineFor("client-chosen-id-2");
    expect(line).toMatchObject({ method: "GET", route: "/voip/flow/{uuid}", status: 200 });
    expect(typeof line.durationMs).toBe("number");
    expect(line.accountId).toEqual(expect.any(String));
    expect(line.actor).toMatch(/^api:/);
    const everything = JSON.stringify(instance.logs);
    expect(everything).not.toContain(RESELLER_API["X-Auth-Password"]);
    expect(everything).not.toContain('"module"');
  });

  it("makes up an id when there is none, or when the client's is not a sane token", async () => {
    const none = await fetch(`${instance.url}/healthz`);
    const junk = await fetch(`${instance.url}/healthz`, { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
    const generated = none.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(junk.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(junk.headers.get("x-request-id")).not.toBe(generated);
  });

  it("logs a failed sign-in to the API with its status and no account", async () => {
    const refused = await voip(instance.url, "/voip/flow", {
      headers: { "X-Auth-Password": "wrong", "X-Request-Id": "refused-1" },
    });
    expect(refused.status).toBe(401);
    const line = await logLineFor("refused-1");
    expect(line).toMatchObject({ status: 401, route: "/voip/flow" });
    expect(line.accountId).toBeUndefined();
  });
});

describe("health and metrics", () => {
  it("is alive and ready on a migrated database", async () => {
    const health = await fetch(`${instance.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${instance.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { database: "ok", migrations: "ok" } });
  });

  it("serves Prometheus metrics to a local client: requests by route template, the pool, the metering buffer, the process", async () => {
    await voip(instance.url, "/voip/flow", { headers: { "X-Auth-For": "acme" } });
    const response = await fetch(`${instance.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/voip\/flow",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/voip\/flow",status="200"\}/);
    expect(text).toMatch(/db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/metering_buffer_depth \d+/);
    expect(text).toMatch(/process_cpu_user_seconds_total \d/);
  });
});

describe("metric labels of a real instance", () => {
  it("are route templates or `other`, whatever paths a client invents", async () => {
    const invented = Array.from({ length: 5 }, (_, i) => `zz${i}${Date.now().toString(36)}`);
    for (const token of invented) {
      await fetch(`${instance.url}/${token}/`, { redirect: "manual" });
      await fetch(`${instance.url}/api/auth/${token}`, { redirect: "manual" });
      await fetch(`${instance.url}/${token}`, { redirect: "manual" });
    }
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    for (const token of invented) expect(text).not.toContain(token);
    expect(text).toMatch(/http_requests_total\{method="GET",route="other",status="308"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/auth\/\{\.\.\.nextauth\}",status="\d+"\} \d+/);
  });
});

describe("an instance started with only NEXTAUTH_SECRET", () => {
  let bare: Instance;

  beforeAll(async () => {
    // Empty means unset: no NEXTAUTH_URL, no METRICS_TOKEN, no METRICS_PUBLIC.
    bare = await startInstance(database.url, { NEXTAUTH_URL: "", METRICS_PUBLIC: "", METRICS_TOKEN: "" });
  }, 120_000);

  afterAll(async () => {
    await bare?.stop();
  });

  it("serves /healthz, keeps /metrics closed even to loopback, and says at start which settings open it", async () => {
    expect((await fetch(`${bare.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
    const warning = bare.logs.find((line) => line.level === 40 && String(line.msg).includes("/metrics"));
    expect(String(warning?.msg)).toContain("METRICS_TOKEN");
    expect(String(warning?.msg)).toContain("METRICS_PUBLIC");
  });
});

describe("an instance on a database it cannot use yet", () => {
  let empty: ScratchDatabase;
  let unmigrated: Instance;

  beforeAll(async () => {
    empty = await createScratchDatabase("unmigrated");
    unmigrated = await startInstance(empty.url, { METRICS_TOKEN: "metrics-token-for-tests" });
  }, 120_000);

  afterAll(async () => {
    await unmigrated?.stop();
    await empty?.drop();
  });

  it("is alive but not ready while migrations are pending", async () => {
    expect((await fetch(`${unmigrated.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${unmigrated.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: { migrations: string }; pending: number };
    expect(body.checks.migrations).toBe("pending");
    expect(body.pending).toBeGreaterThan(0);
  });

  it("logs that the call rollups cannot be folded once, not each second while it lasts", async () => {
    const foldFailures = () => unmigrated.logs.filter((line) => String(line.msg).startsWith("Folding the call rollups failed"));
    // The loop tries each second: over 3.5 s it tried at least three times.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(foldFailures()).toHaveLength(1);
    expect(JSON.stringify(foldFailures()[0])).toContain("CallRollupPending");
  });

  it("with METRICS_TOKEN set, serves metrics only to its bearer", async () => {
    expect((await fetch(`${unmigrated.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${unmigrated.url}/metrics`, { headers: { Authorization: "Bearer wrong-token" } })).status).toBe(404);
    const allowed = await fetch(`${unmigrated.url}/metrics`, { headers: { Authorization: "Bearer metrics-token-for-tests" } });
    expect(allowed.status).toBe(200);
  });
});
