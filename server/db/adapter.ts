import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import type { JobDatabase } from "@/server/jobs/connection";
import { releasingQueryValues } from "./release-query-values";
import { databasePoolSize, type DatabaseTarget, type DatabaseTimeouts } from "./target";

export type PoolCounts = { inUse: number; idle: number; waiting: number };

/**
 * An embedded PostgreSQL with the extensions the migrations create (pg_trgm backs the name
 * searches' indexes); in memory without a data folder. PGlite ships contrib extensions as
 * bundles that must be loaded when the instance starts, or CREATE EXTENSION fails.
 */
export function openPGlite(dataDir?: string): PGlite {
  return new PGlite({ dataDir, extensions: { pg_trgm } });
}

/**
 * The Prisma driver adapter for a target. The rest of the code never asks which kind it got:
 * queries, transactions and migrations run through the same adapter interface on both.
 */
export function createAdapterFactory(
  target: DatabaseTarget,
  /** The server's limits on waiting; migrations run without them (a backfill may take long). */
  timeouts?: DatabaseTimeouts,
): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
  /** Connections in use, idle and waited for, for the metrics; PostgreSQL only. */
  poolCounts?: () => PoolCounts;
  /** How the job queue reaches the same database (server/jobs). */
  jobDatabase: JobDatabase;
} {
  if (target.kind === "postgres") {
    // The pool is made here rather than by the adapter, so its size is ours to set and its
    // counts can be read.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: databasePoolSize(),
      // Every connection starts with these session settings, so no statement, lock wait or
      // forgotten transaction holds a connection without end (server/db/busy.ts maps the errors).
      ...(timeouts && {
        connectionTimeoutMillis: timeouts.poolAcquireMs,
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      }),
    });
    return {
      factory: releasingQueryValues(new PrismaPg(pool)),
      close: () => pool.end(),
      poolCounts: () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      jobDatabase: { connectionString: target.url },
    };
  }
  const pglite = openPGlite(target.dataDir);
  return {
    factory: releasingQueryValues(new PrismaPGlite(pglite)),
    close: () => pglite.close(),
    jobDatabase: { db: pgliteJobDatabase(pglite) },
  };
}

/**
 * The job queue's SQL over the embedded database. Its schema plans are several statements in one
 * text without parameters, which only `exec` runs; everything else is one parameterised query.
 */
function pgliteJobDatabase(pglite: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}
