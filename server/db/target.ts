import path from "node:path";
import { databaseSettings, type Env } from "../config";

/**
 * Which database the portal talks to. One rule, used by the server, the migration tool,
 * the seed command and the tests: `DATABASE_URL` names a PostgreSQL server; without it the
 * portal runs on an embedded PGlite database kept in a git-ignored folder.
 */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "embedded"; dataDir: string };

const DEFAULT_EMBEDDED_DIR = path.join(process.cwd(), ".data", "pglite");

export function databaseTarget(env: Env = process.env): DatabaseTarget {
  const { DATABASE_URL, EMBEDDED_DB_DIR } = databaseSettings(env);
  if (DATABASE_URL) return { kind: "postgres", url: DATABASE_URL };
  return { kind: "embedded", dataDir: EMBEDDED_DB_DIR || DEFAULT_EMBEDDED_DIR };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PGlite database in ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Connections each process may hold (DATABASE_POOL_SIZE, default 10): replicas × this must stay
 * below PostgreSQL's max_connections (docs/deploy.md). */
export function databasePoolSize(env: Env = process.env): number {
  return databaseSettings(env).DATABASE_POOL_SIZE ?? 10;
}

/** How long the database may make a request wait, in milliseconds (docs/deploy.md). */
export type DatabaseTimeouts = {
  /** One SQL statement. */
  statementMs: number;
  /** A lock: an account's advisory lock, or a row another transaction holds. */
  lockMs: number;
  /** A session left idle inside an open transaction. */
  idleInTransactionMs: number;
  /** One transaction, first statement to commit. */
  transactionMs: number;
  /** A free connection of the pool. */
  poolAcquireMs: number;
};

export function databaseTimeouts(env: Env = process.env): DatabaseTimeouts {
  const settings = databaseSettings(env);
  return {
    statementMs: settings.DATABASE_STATEMENT_TIMEOUT_MS ?? 30_000,
    lockMs: settings.DATABASE_LOCK_TIMEOUT_MS ?? 2_000,
    idleInTransactionMs: settings.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 60_000,
    transactionMs: settings.DATABASE_TRANSACTION_TIMEOUT_MS ?? 15_000,
    poolAcquireMs: settings.DATABASE_POOL_ACQUIRE_TIMEOUT_MS ?? 5_000,
  };
}
