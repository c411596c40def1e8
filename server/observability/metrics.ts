import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "@/server/process-singleton";

/**
 * Prometheus metrics, served at GET /metrics. Labels are route templates (`/voip/flow/{uuid}`),
 * never concrete paths, so the number of series stays bounded whatever clients send.
 */
type Metrics = {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
  databasePool: Gauge<"state">;
  meteringBuffer: Gauge;
  passwordHashing: Gauge<"state">;
  passwordHashesRefused: Counter;
};

/** Reports a value only when scraped; registered by the module that owns the number. */
type GaugeSource = () => number;

type PoolCounts = { inUse: number; idle: number; waiting: number };
type HashingCounts = { running: number; waiting: number };
type Sources = { pool?: () => PoolCounts; meteringBuffer?: GaugeSource; passwordHashing?: () => HashingCounts };

function createMetrics(sources: Sources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by method, route template and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method, route template and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    databasePool: new Gauge({
      name: "db_pool_connections",
      help: "Database pool connections: in use, idle, and requests waiting for one.",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const pool = sources.pool?.();
        if (!pool) return;
        this.set({ state: "in_use" }, pool.inUse);
        this.set({ state: "idle" }, pool.idle);
        this.set({ state: "waiting" }, pool.waiting);
      },
    }),
    meteringBuffer: new Gauge({
      name: "metering_buffer_depth",
      help: "API usage counts held in memory, waiting for the next flush to the database.",
      registers: [registry],
      collect() {
        this.set(sources.meteringBuffer?.() ?? 0);
      },
    }),
    passwordHashing: new Gauge({
      name: "password_hashes",
      help: "Password hashes (scrypt) running, and waiting for a turn.",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const hashing = sources.passwordHashing?.();
        if (!hashing) return;
        this.set({ state: "running" }, hashing.running);
        this.set({ state: "waiting" }, hashing.waiting);
      },
    }),
    passwordHashesRefused: new Counter({
      name: "password_hashes_refused_total",
      help: "Password hashes refused because too many were running and waiting (answered: server busy).",
      registers: [registry],
    }),
  };
}

// One registry per process, even when Next bundles this module apart from the custom server.
const state = processSingleton("portalMetrics", () => {
  const sources: Sources = {};
  return { metrics: createMetrics(sources), sources };
});
export const metrics: Metrics = state.metrics;
const sources = state.sources;

export function reportDatabasePool(source: () => PoolCounts): void {
  sources.pool = source;
}

export function reportMeteringBuffer(source: GaugeSource): void {
  sources.meteringBuffer = source;
}

export function reportPasswordHashing(source: () => HashingCounts): void {
  sources.passwordHashing = source;
}

/** Counts one answered request. */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, seconds);
}
