import path from "node:path";

/**
 * Which database the portal talks to. One rule, used by the server, the migration tool,
 * the seed command and the tests: `DATABASE_URL` names a PostgreSQL server; without it the
 * portal runs on an embedded PGlite database kept in a git-ignored folder.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; dataDir: string };

export const DEFAULT_EMBEDDED_DIR = path.join(process.cwd(), ".data", "pglite");

export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
    }
    return { kind: "postgres", url };
  }
  return { kind: "embedded", dataDir: env.EMBEDDED_DB_DIR?.trim() || DEFAULT_EMBEDDED_DIR };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PGlite database in ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
