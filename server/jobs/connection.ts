import type PgBoss from "pg-boss";
import type { Tx } from "@/server/db";

/** How the job queue reaches the database: its own small pool on PostgreSQL, or the embedded one. */
export type JobDatabase = { connectionString: string } | { db: PgBoss.Db };

/**
 * The job queue's SQL run inside a Prisma transaction, so a job is queued if and only if the
 * change that asks for it commits.
 */
export function transactionJobDatabase(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values.map(asSqlParameter));
      return { rows };
    },
  };
}

/** Prisma binds plain values only: undefined becomes NULL and a job's data object its JSON text. */
function asSqlParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}
