import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import lockfile from "proper-lockfile";
import type { JobDatabase } from "@/server/jobs/connection";
import { preparedStatementName } from "./prepared-statements";
import { releasingQueryValues } from "./release-query-values";
import { databasePoolSize, type DatabaseTarget, type DatabaseTimeouts } from "./target";

export type PoolCounts = { inUse: number; idle: number; waiting: number };

/** Another process holds the embedded database's folder (the portal, a migration, a script). */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is open in another process (a running portal, or a migration or script). ` +
        "It can be open in one process at a time: stop that process first (Ctrl-C on `npm run dev` or `npm start`), " +
        "then run this command again. With a PostgreSQL server (DATABASE_URL) any number of processes can share it.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

/**
 * An embedded PostgreSQL in memory, with the extensions the migrations create (pg_trgm backs
 * the name searches' indexes). PGlite ships contrib extensions as bundles that must be loaded
 * when the instance starts, or CREATE EXTENSION fails.
 */
export function openPGlite(): PGlite {
  return new PGlite({ extensions: { pg_trgm } });
}

/**
 * The embedded database kept in a data folder, as `openPGlite` opens it in memory.
 *
 * ─── ONE PROCESS PER DATA FOLDER ─── Two PGlite instances writing one folder corrupt it, and
 * PGlite takes no lock of its own: a lock beside the folder (`<folder>.lock`, kept fresh while
 * held, stale 30 s after its process died) makes a second opener fail at once, named.
 */
export function openEmbeddedDatabase(dataDir: string): { pglite: PGlite; close: () => Promise<void> } {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  let unlock: () => void;
  try {
    unlock = lockfile.lockSync(dataDir, {
      realpath: false,
      lockfilePath: `${dataDir}.lock`,
      // PGlite runs queries on this thread: a long one delays the lock's refresh. A lock seen as
      // taken over is reported, never thrown from a timer (which would end the process).
      stale: 30_000,
      onCompromised: (error) => process.emitWarning(`Embedded database lock: ${error.message}`),
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new EmbeddedDatabaseBusyError(dataDir);
    throw error;
  }
  const pglite = new PGlite({ dataDir, extensions: { pg_trgm } });
  return {
    pglite,
    close: async () => {
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
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
  /** A registered statement straight on the pool, without the ORM (see preparedQuery); PostgreSQL only. */
  preparedQuery?: PreparedQuery;
} {
  if (target.kind === "postgres") {
    // The pool is made here rather than by the adapter, so its size is ours to set and its
    // counts can be read.
    // Behind PgBouncer in transaction mode (`pgbouncer=true`, docs/deploy.md) nothing is named.
    const namesStatements = new URL(target.url).searchParams.get("pgbouncer") !== "true";
    const statementName = (text: string) => (namesStatements ? preparedStatementName(text) : undefined);
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
      // The type says a name for every query; pg sends a query without one as an unnamed statement.
      factory: releasingQueryValues(new PrismaPg(pool, { statementNameGenerator: (query) => statementName(query.sql)! })),
      close: () => pool.end(),
      poolCounts: () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      jobDatabase: { connectionString: target.url },
      preparedQuery: async (text, values) => {
        if (!preparedStatementName(text)) throw new Error("preparedQuery runs registered statements only (preparedStatement)");
        return (await pool.query({ name: statementName(text), text, values, types: PRISMA_ROW_TYPES })).rows;
      },
    };
  }
  const { pglite, close } = openEmbeddedDatabase(target.dataDir);
  return {
    factory: releasingQueryValues(new PrismaPGlite(pglite)),
    close,
    jobDatabase: { db: pgliteJobDatabase(pglite) },
  };
}

export type PreparedQuery = <Row>(text: string, values: unknown[]) => Promise<Row[]>;

/** Prisma's raw queries read a `timestamp` column (a DateTime) as UTC; pg alone would read it as local time. */
const TIMESTAMP_OID = 1114;
const PRISMA_ROW_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

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
