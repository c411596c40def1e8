import path from "node:path";
import { databaseSettings, type Env } from "../config";

/**
 * Which database the portal talks to. One rule, used by the server, the migration tool,
 * the seed command and the tests: `DATABASE_URL` names a PostgreSQL server; without it the
 * portal runs on an embedded PGlite database kept in a git-ignored folder.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; dataDir: string };

export const DEFAULT_EMBEDDED_DIR = path.join(process.cwd(), ".data", "pglite");

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
