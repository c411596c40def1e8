import { describe, expect, it } from "vitest";
import { ConfigError, metricsAccess, metricsStartWarning, parseConfig, type Env } from "@/server/config";
import { databaseTimeouts } from "@/server/db/target";

function problemsOf(env: Env, options?: { production?: boolean }): string[] {
  try {
    parseConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("refuses production without NEXTAUTH_SECRET, or with a short one, naming it", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "NEXTAUTH_SECRET is required in production (a random string of at least 32 characters)",
    ]);
    expect(problemsOf({ NEXTAUTH_SECRET: "  " }, { production: true })[0]).toMatch(/^NEXTAUTH_SECRET is required/);
    expect(problemsOf({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(31) })).toEqual([
      "NEXTAUTH_SECRET must be at least 32 characters in production",
    ]);
    expect(parseConfig({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) }).production).toBe(true);
  });

  it("checks the server's own settings too, with their defaults", () => {
    const problems = problemsOf({
      TRUST_PROXY_HOPS: "-1",
      DATABASE_POOL_SIZE: "0",
      LOG_LEVEL: "loud",
      LOG_FORMAT: "xml",
      SHUTDOWN_TIMEOUT_MS: "soon",
    });
    for (const name of ["TRUST_PROXY_HOPS", "DATABASE_POOL_SIZE", "LOG_LEVEL", "LOG_FORMAT", "SHUTDOWN_TIMEOUT_MS"]) {
      expect(
        problems.some((problem) => problem.includes(name)),
        name,
      ).toBe(true);
    }
    expect(parseConfig({})).toMatchObject({ trustProxyHops: 0, shutdownTimeoutMs: 10_000, port: 3000 });
    expect(parseConfig({ TRUST_PROXY_HOPS: "2", SHUTDOWN_TIMEOUT_MS: "500" })).toMatchObject({
      trustProxyHops: 2,
      shutdownTimeoutMs: 500,
    });
  });

  it("checks the database's waits and the metering retention, naming each variable and its range", () => {
    const wrong = {
      DATABASE_STATEMENT_TIMEOUT_MS: "0",
      DATABASE_LOCK_TIMEOUT_MS: "forever",
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "1.5",
      DATABASE_TRANSACTION_TIMEOUT_MS: "9999999",
      DATABASE_POOL_ACQUIRE_TIMEOUT_MS: "-5",
      USAGE_DETAIL_RETENTION_DAYS: "0",
    };
    const problems = problemsOf(wrong);
    for (const name of Object.keys(wrong))
      expect(
        problems.some((problem) => problem.includes(name)),
        name,
      ).toBe(true);
    expect(problems).toContain("DATABASE_STATEMENT_TIMEOUT_MS must be 100-600000 (milliseconds)");
    expect(parseConfig({}).usageDetailRetentionDays).toBe(90);
    expect(databaseTimeouts({})).toEqual({
      statementMs: 30_000,
      lockMs: 2_000,
      idleInTransactionMs: 60_000,
      transactionMs: 15_000,
      poolAcquireMs: 5_000,
    });
    expect(databaseTimeouts({ DATABASE_LOCK_TIMEOUT_MS: "250" }).lockMs).toBe(250);
  });

  it("keeps calls 90 days and their stats 730 by default, and refuses stats kept for less time than the calls", () => {
    expect(parseConfig({})).toMatchObject({ callRetentionDays: 90, callStatsRetentionDays: 730 });
    expect(parseConfig({ CALL_RETENTION_DAYS: "30", CALL_STATS_RETENTION_DAYS: "30" })).toMatchObject({
      callRetentionDays: 30,
      callStatsRetentionDays: 30,
    });
    expect(problemsOf({ CALL_RETENTION_DAYS: "0" })).toEqual(["CALL_RETENTION_DAYS must be 1-3650"]);
    expect(problemsOf({ CALL_RETENTION_DAYS: "400", CALL_STATS_RETENTION_DAYS: "365" })).toEqual([
      "CALL_STATS_RETENTION_DAYS (365) must be at least CALL_RETENTION_DAYS (400): the stats count the calls kept",
    ]);
  });

  it("development and tests need no secret", () => {
    expect(parseConfig({}).production).toBe(false);
    expect(parseConfig({ NODE_ENV: "test" }).NEXTAUTH_SECRET).toBeUndefined();
  });

  it("names every wrong variable at once", () => {
    const problems = problemsOf(
      {
        NODE_ENV: "production",
        DATABASE_URL: "mysql://db/x",
        PORT: "eighty",
        SMTP_URL: "http://mail",
        DEMO_DATA: "yes",
        NEXTAUTH_URL: "portal",
      },
      {},
    );
    for (const name of ["NEXTAUTH_SECRET", "DATABASE_URL", "PORT", "SMTP_URL", "DEMO_DATA", "NEXTAUTH_URL"]) {
      expect(
        problems.some((problem) => problem.includes(name)),
        name,
      ).toBe(true);
    }
  });

  it("reads flags and defaults; empty means unset", () => {
    const settings = parseConfig({ DEMO_DATA: "1", REQUIRE_2FA_FOR_STAFF: "0", PORT: "4000", SMTP_URL: "" });
    expect(settings).toMatchObject({ DEMO_DATA: true, REQUIRE_2FA_FOR_STAFF: false, port: 4000, SMTP_URL: undefined });
    expect(parseConfig({}).DEMO_DATA).toBe(false);
  });

  it("in production, refuses an http NEXTAUTH_URL (the session cookie would not be Secure), except on this machine", () => {
    const secret = "x".repeat(32);
    expect(problemsOf({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "http://portal.example.com" })).toEqual([
      "NEXTAUTH_URL must be an https:// URL in production (http:// only for localhost, 127.0.0.1 or [::1])",
    ]);
    expect(problemsOf({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "http://10.0.0.5:3000" })).toHaveLength(1);
    for (const url of ["https://portal.example.com", "http://localhost:3000", "http://127.0.0.1:4000", "http://[::1]:3000"]) {
      expect(problemsOf({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url }), url).toEqual([]);
    }
    // Unset is fine: `npm start` with only NEXTAUTH_SECRET serves on this machine.
    expect(problemsOf({ NODE_ENV: "production", NEXTAUTH_SECRET: secret })).toEqual([]);
    // Development takes any URL.
    expect(problemsOf({ NEXTAUTH_URL: "http://portal.example.com" })).toEqual([]);
  });

  it("decides who reads /metrics: in production, nobody until METRICS_TOKEN or METRICS_PUBLIC says otherwise", () => {
    const production = { NODE_ENV: "production" };
    expect(metricsAccess(production)).toEqual({ kind: "closed" });
    expect(metricsAccess({ ...production, METRICS_PUBLIC: "loopback" })).toEqual({ kind: "loopback" });
    expect(metricsAccess({ ...production, METRICS_PUBLIC: "0" })).toEqual({ kind: "closed" });
    expect(metricsAccess({ ...production, METRICS_TOKEN: "t0ken" })).toEqual({ kind: "token", token: "t0ken" });
    expect(metricsAccess({ NODE_ENV: "development" })).toEqual({ kind: "loopback" });
    expect(problemsOf({ METRICS_PUBLIC: "yes" })).toEqual(["METRICS_PUBLIC must be 0 or loopback"]);

    const warning = metricsStartWarning(production);
    expect(warning).toContain("METRICS_TOKEN");
    expect(warning).toContain("METRICS_PUBLIC");
    expect(metricsStartWarning({ ...production, METRICS_PUBLIC: "0" })).toBeNull();
    expect(metricsStartWarning({ ...production, METRICS_TOKEN: "t0ken" })).toBeNull();
    expect(metricsStartWarning({ NODE_ENV: "development" })).toBeNull();
  });
});
