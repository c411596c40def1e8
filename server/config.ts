import { z } from "zod";

// ─── CONFIGURATION ─── The one place that reads the environment. ───
// Every variable the portal understands is in ZEnv; everything else asks `config()`. A wrong
// value is refused at start-up with its name, not discovered on the first request that needs it.

/** Unset and empty are the same: `FOO= npm start` must not count as a value. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const flag = (name: string) => optional(z.enum(["0", "1"], `${name} must be 0 or 1`)).transform((value) => value === "1");

/** A duration in milliseconds within [min, max]; the message names the variable and the range. */
const milliseconds = (name: string, min: number, max: number) => {
  const range = `${name} must be ${min}-${max} (milliseconds)`;
  const number = z.coerce.number(`${name} must be a number`).int(`${name} must be a whole number`);
  return optional(number.min(min, range).max(max, range));
};

export const MIN_SECRET_LENGTH = 32;

/** Hosts of a NEXTAUTH_URL that may be plain http in production: this machine only. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An environment: process.env, or a test's own. */
export type Env = Record<string, string | undefined>;

const ZEnvVariables = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"], "NODE_ENV must be development, production or test")),
  /** A PostgreSQL server; without it the portal runs on the embedded database. */
  DATABASE_URL: optional(
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
  ),
  EMBEDDED_DB_DIR: optional(z.string().trim()),
  /** Signs session tokens. Required in production (parseConfig); development makes its own. */
  NEXTAUTH_SECRET: optional(z.string().trim()),
  /** The public URL of the portal: links in invitations and set-password mails start with it. */
  NEXTAUTH_URL: optional(z.url("NEXTAUTH_URL must be a URL such as https://portal.example.com")),
  PORT: optional(
    z.coerce
      .number("PORT must be a number")
      .int("PORT must be a whole number")
      .min(1, "PORT must be 1-65535")
      .max(65535, "PORT must be 1-65535"),
  ),
  /** When set, invitations are also mailed: smtp://user:pass@host:587 or smtps://... */
  SMTP_URL: optional(
    z
      .string()
      .trim()
      .regex(/^smtps?:\/\/[^/]/, "SMTP_URL must be an smtp:// or smtps:// URL"),
  ),
  MAIL_FROM: optional(z.string().trim()),
  /** Adds the demo tenants and their published passwords when the database is prepared. */
  DEMO_DATA: flag("DEMO_DATA"),
  /** Admins and resellers must set up two-factor sign-in before they can do anything else. */
  REQUIRE_2FA_FOR_STAFF: flag("REQUIRE_2FA_FOR_STAFF"),
  /** Where the server listens; every interface when unset. */
  HOST: optional(z.string().trim()),
  /** Reverse proxies in front that append to X-Forwarded-For (server/http/client-address.ts). */
  TRUST_PROXY_HOPS: optional(
    z.coerce
      .number("TRUST_PROXY_HOPS must be a number")
      .int("TRUST_PROXY_HOPS must be a whole number")
      .min(0, "TRUST_PROXY_HOPS must be 0-10")
      .max(10, "TRUST_PROXY_HOPS must be 0-10"),
  ),
  /** Connections each process may hold; replicas × this must stay below max_connections. */
  DATABASE_POOL_SIZE: optional(
    z.coerce
      .number("DATABASE_POOL_SIZE must be a number")
      .int("DATABASE_POOL_SIZE must be a whole number")
      .min(1, "DATABASE_POOL_SIZE must be 1-1000")
      .max(1000, "DATABASE_POOL_SIZE must be 1-1000"),
  ),
  /** Longest a single SQL statement may run before PostgreSQL cancels it. */
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds("DATABASE_STATEMENT_TIMEOUT_MS", 100, 600_000),
  /** Longest a request waits for its account's lock (or any row lock) before it is told to retry. */
  DATABASE_LOCK_TIMEOUT_MS: milliseconds("DATABASE_LOCK_TIMEOUT_MS", 50, 60_000),
  /** Longest a session may sit idle inside an open transaction before PostgreSQL ends it. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 1000, 600_000),
  /** Longest one transaction may last, from its first statement to its commit. */
  DATABASE_TRANSACTION_TIMEOUT_MS: milliseconds("DATABASE_TRANSACTION_TIMEOUT_MS", 100, 600_000),
  /** Longest a request waits for a free connection of the pool before it is told to retry. */
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: milliseconds("DATABASE_POOL_ACQUIRE_TIMEOUT_MS", 50, 60_000),
  /** Metering detail (per method, route and status) older than this many days is folded into one total per day and account. */
  USAGE_DETAIL_RETENTION_DAYS: optional(
    z.coerce
      .number("USAGE_DETAIL_RETENTION_DAYS must be a number")
      .int("USAGE_DETAIL_RETENTION_DAYS must be a whole number")
      .min(1, "USAGE_DETAIL_RETENTION_DAYS must be 1-3650")
      .max(3650, "USAGE_DETAIL_RETENTION_DAYS must be 1-3650"),
  ),
  /** Calls (their steps included) are kept this many days: whole months older are dropped. */
  CALL_RETENTION_DAYS: optional(
    z.coerce
      .number("CALL_RETENTION_DAYS must be a number")
      .int("CALL_RETENTION_DAYS must be a whole number")
      .min(1, "CALL_RETENTION_DAYS must be 1-3650")
      .max(3650, "CALL_RETENTION_DAYS must be 1-3650"),
  ),
  /** Call rollups (the stats) are kept this many days, at least as long as the calls. */
  CALL_STATS_RETENTION_DAYS: optional(
    z.coerce
      .number("CALL_STATS_RETENTION_DAYS must be a number")
      .int("CALL_STATS_RETENTION_DAYS must be a whole number")
      .min(1, "CALL_STATS_RETENTION_DAYS must be 1-36500")
      .max(36500, "CALL_STATS_RETENTION_DAYS must be 1-36500"),
  ),
  /** When set, GET /metrics needs it as a bearer token, from anywhere (metricsAccess). */
  METRICS_TOKEN: optional(z.string().trim()),
  /** Without METRICS_TOKEN: `loopback` serves /metrics to this machine's clients, `0` to nobody. */
  METRICS_PUBLIC: optional(z.enum(["0", "loopback"], "METRICS_PUBLIC must be 0 or loopback")),
  LOG_LEVEL: optional(
    z.enum(
      ["trace", "debug", "info", "warn", "error", "fatal", "silent"],
      "LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent",
    ),
  ),
  /** JSON lines (production's default) or pretty-printed (development's). */
  LOG_FORMAT: optional(z.enum(["json", "pretty"], "LOG_FORMAT must be json or pretty")),
  /** How long requests in flight get to finish after SIGTERM or SIGINT. */
  SHUTDOWN_TIMEOUT_MS: optional(
    z.coerce
      .number("SHUTDOWN_TIMEOUT_MS must be a number")
      .int("SHUTDOWN_TIMEOUT_MS must be a whole number")
      .min(0, "SHUTDOWN_TIMEOUT_MS must be 0-600000")
      .max(600000, "SHUTDOWN_TIMEOUT_MS must be 0-600000"),
  ),
  /** The text-to-speech program; speech is offered only when it runs. */
  ESPEAK_NG_PATH: optional(z.string().trim()),
  /** Webhook hosts exempt from the SSRF guard (https only, public addresses): names or addresses, comma-separated. */
  WEBHOOK_ALLOWED_HOSTS: optional(z.string().trim()),
  /** The first webhook retry's delay; each next one doubles, for 24 hours. Tests shorten it. */
  WEBHOOK_RETRY_BASE_SECONDS: optional(
    z.coerce
      .number("WEBHOOK_RETRY_BASE_SECONDS must be a number")
      .min(0.1, "WEBHOOK_RETRY_BASE_SECONDS must be 0.1-3600")
      .max(3600, "WEBHOOK_RETRY_BASE_SECONDS must be 0.1-3600"),
  ),
});

export const DEFAULT_CALL_RETENTION_DAYS = 90;
export const DEFAULT_CALL_STATS_RETENTION_DAYS = 730;

const ZEnv = ZEnvVariables.transform((env) => ({
  ...env,
  production: env.NODE_ENV === "production",
  port: env.PORT ?? 3000,
  trustProxyHops: env.TRUST_PROXY_HOPS ?? 0,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10_000,
  usageDetailRetentionDays: env.USAGE_DETAIL_RETENTION_DAYS ?? 90,
  callRetentionDays: env.CALL_RETENTION_DAYS ?? DEFAULT_CALL_RETENTION_DAYS,
  callStatsRetentionDays: env.CALL_STATS_RETENTION_DAYS ?? DEFAULT_CALL_STATS_RETENTION_DAYS,
  mailFrom: env.MAIL_FROM ?? "Call Flow Portal <no-reply@localhost>",
}));

export type Config = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Validates an environment. `production` forces production rules whatever NODE_ENV says (the
 * `npm start` preparation step runs before Next sets it). Throws a ConfigError naming every problem.
 */
export function parseConfig(env: Env = process.env, options: { production?: boolean } = {}): Config {
  const result = ZEnv.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map(describeIssue);
  const production = options.production ?? (result.success ? result.data.production : env.NODE_ENV === "production");
  const secret = env.NEXTAUTH_SECRET?.trim() ?? "";
  if (production && secret.length < MIN_SECRET_LENGTH) {
    problems.push(
      secret
        ? `NEXTAUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production`
        : `NEXTAUTH_SECRET is required in production (a random string of at least ${MIN_SECRET_LENGTH} characters)`,
    );
  }
  // The session cookie is Secure only when the public URL is https; plain http is for trying the
  // portal on this machine.
  if (production && result.success && result.data.NEXTAUTH_URL) {
    const url = new URL(result.data.NEXTAUTH_URL);
    if (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
      problems.push("NEXTAUTH_URL must be an https:// URL in production (http:// only for localhost, 127.0.0.1 or [::1])");
    }
  }
  // Stats kept for less time than the calls would disagree with the calls they count.
  if (result.success && result.data.callStatsRetentionDays < result.data.callRetentionDays) {
    problems.push(
      `CALL_STATS_RETENTION_DAYS (${result.data.callStatsRetentionDays}) must be at least CALL_RETENTION_DAYS (${result.data.callRetentionDays}): the stats count the calls kept`,
    );
  }
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return { ...result.data, production };
}

/** Every message names its variable, whatever zod's own wording. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join(".");
  return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
}

function parseOrThrow<T extends z.ZodType>(schema: T, env: Env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return result.data;
}

const DATABASE_VARIABLES = [
  "DATABASE_URL",
  "EMBEDDED_DB_DIR",
  "DATABASE_POOL_SIZE",
  "DATABASE_STATEMENT_TIMEOUT_MS",
  "DATABASE_LOCK_TIMEOUT_MS",
  "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
  "DATABASE_TRANSACTION_TIMEOUT_MS",
  "DATABASE_POOL_ACQUIRE_TIMEOUT_MS",
] as const;
const ZDatabaseSettings = ZEnvVariables.pick(
  Object.fromEntries(DATABASE_VARIABLES.map((name) => [name, true] as const)) as {
    [Name in (typeof DATABASE_VARIABLES)[number]]: true;
  },
);
type DatabaseSettings = z.infer<typeof ZDatabaseSettings>;

// Writers read the timeouts on every transaction: the last parse is kept while its values stand.
let lastDatabaseSettings: { key: string; settings: DatabaseSettings } | undefined;

/** Only what reaching the database needs: migration and seed scripts need no session secret. */
export function databaseSettings(env: Env = process.env): DatabaseSettings {
  const key = DATABASE_VARIABLES.map((name) => env[name] ?? "").join("\u0000");
  if (lastDatabaseSettings?.key !== key) lastDatabaseSettings = { key, settings: parseOrThrow(ZDatabaseSettings, env) };
  return lastDatabaseSettings.settings;
}

/** What the logger needs, without the rest: every module logs, `next build` included. */
export function loggingSettings(env: Env = process.env) {
  return parseOrThrow(ZEnvVariables.pick({ NODE_ENV: true, LOG_LEVEL: true, LOG_FORMAT: true }), env);
}

/** TRUST_PROXY_HOPS, read afresh: the proxy (proxy.ts) asks on every request. */
export function trustProxyHops(env: Env = process.env): number {
  return parseOrThrow(ZEnvVariables.pick({ TRUST_PROXY_HOPS: true }), env).TRUST_PROXY_HOPS ?? 0;
}

/** The text-to-speech program, read afresh, so speech can be turned off without a restart. */
export function speechCommand(env: Env = process.env): string {
  return parseOrThrow(ZEnvVariables.pick({ ESPEAK_NG_PATH: true }), env).ESPEAK_NG_PATH || "espeak-ng";
}

export type MetricsAccess = { kind: "token"; token: string } | { kind: "loopback" } | { kind: "closed" };

/**
 * Who may read GET /metrics, read afresh: the bearer of METRICS_TOKEN when it is set; else as
 * METRICS_PUBLIC says. Without either, development serves this machine's clients and production
 * nobody: behind a proxy on the same host with TRUST_PROXY_HOPS unset, every request comes from
 * loopback, so "loopback only" would mean everyone unless someone decided it knowingly.
 */
export function metricsAccess(env: Env = process.env): MetricsAccess {
  const settings = parseOrThrow(ZEnvVariables.pick({ NODE_ENV: true, METRICS_TOKEN: true, METRICS_PUBLIC: true }), env);
  if (settings.METRICS_TOKEN) return { kind: "token", token: settings.METRICS_TOKEN };
  if (settings.METRICS_PUBLIC === "0") return { kind: "closed" };
  if (settings.METRICS_PUBLIC === "loopback" || settings.NODE_ENV !== "production") return { kind: "loopback" };
  return { kind: "closed" };
}

/** What the server logs at start when production leaves /metrics closed for want of a decision. */
export function metricsStartWarning(env: Env = process.env): string | null {
  const settings = parseOrThrow(ZEnvVariables.pick({ NODE_ENV: true, METRICS_TOKEN: true, METRICS_PUBLIC: true }), env);
  if (settings.NODE_ENV !== "production" || settings.METRICS_TOKEN || settings.METRICS_PUBLIC) return null;
  return "GET /metrics is closed: set METRICS_TOKEN (scrapers send it as a bearer token) or METRICS_PUBLIC=loopback (this machine's clients only; METRICS_PUBLIC=0 keeps it closed without this warning)";
}

/** The webhook settings, read afresh (tests change them per file). */
export function webhookSettings(env: Env = process.env) {
  const settings = parseOrThrow(
    ZEnvVariables.pick({ NODE_ENV: true, WEBHOOK_ALLOWED_HOSTS: true, WEBHOOK_RETRY_BASE_SECONDS: true }),
    env,
  );
  return {
    production: settings.NODE_ENV === "production",
    allowedHosts: (settings.WEBHOOK_ALLOWED_HOSTS ?? "")
      .split(",")
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[(.*)\]$/, "$1"),
      )
      .filter((host) => host !== ""),
    retryBaseSeconds: settings.WEBHOOK_RETRY_BASE_SECONDS ?? 30,
  };
}

let cached: Config | undefined;

/** The process's configuration, validated on first use. */
export function config(): Config {
  if (!cached) cached = parseConfig();
  return cached;
}

/** Where links sent to users point: NEXTAUTH_URL, or this machine in development. */
export function publicUrl(): string {
  const { NEXTAUTH_URL, port } = config();
  return (NEXTAUTH_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
}

/** For start-up scripts: validate, or print every problem and exit non-zero before serving. */
export function configOrExit(options: { production?: boolean } = {}): Config {
  try {
    cached = parseConfig(process.env, options);
    return cached;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // biome-ignore lint/suspicious/noConsole: the logger takes its level and format from these settings, so it cannot report them wrong.
    console.error(error.message);
    process.exit(1);
  }
}
