import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget } from "./target";

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
export function createAdapterFactory(target: DatabaseTarget): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
} {
  if (target.kind === "postgres") {
    return { factory: new PrismaPg({ connectionString: target.url }), close: async () => {} };
  }
  const pglite = openPGlite(target.dataDir);
  return { factory: new PrismaPGlite(pglite), close: () => pglite.close() };
}
