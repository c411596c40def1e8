import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget } from "./target";

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
  const pglite = new PGlite(target.dataDir);
  return { factory: new PrismaPGlite(pglite), close: () => pglite.close() };
}
