import { processSingleton, releaseProcessSingleton } from "@/server/process-singleton";
import { PrismaClient } from "@/server/generated/prisma/client";
import { reportDatabasePool } from "@/server/observability/metrics";
import { createAdapterFactory } from "./adapter";
import { databaseTarget, databaseTimeouts, type DatabaseTarget } from "./target";

/** A client for a target, and how to release it (scripts; the server keeps `db` for its lifetime). */
export function createPrismaClient(target: DatabaseTarget) {
  const timeouts = databaseTimeouts();
  const { factory, close, poolCounts, jobDatabase, preparedQuery } = createAdapterFactory(target, timeouts);
  const client = new PrismaClient({
    adapter: factory,
    // An interactive transaction waits at most this long for a connection, and lasts at most this long.
    transactionOptions: { maxWait: timeouts.poolAcquireMs, timeout: timeouts.transactionMs },
    // Secrets never leave the database by accident: a query must ask for a hash by name.
    omit: {
      user: { passwordHash: true, totpSecret: true, totpPendingSecret: true },
      apiCredential: { passwordHash: true },
      webhookSubscription: { secret: true },
    },
  });
  return {
    client,
    poolCounts,
    jobDatabase,
    preparedQuery: preparedQuery ?? (<Row>(text: string, values: unknown[]) => client.$queryRawUnsafe<Row[]>(text, ...values)),
    close: async () => {
      await client.$disconnect();
      await close();
    },
  };
}

export type Db = ReturnType<typeof createPrismaClient>["client"];
/** The client inside `db.$transaction(async (tx) => ...)`, with the same secret-omitting defaults. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// One client per process: Next.js reloads modules in development and bundles route handlers
// separately, and an embedded PGlite data folder can be opened only once. It is created on
// first use, so importing this module (as `next build` does) opens no database.
type OpenDatabase = ReturnType<typeof createPrismaClient>;

function opened(): OpenDatabase {
  return processSingleton("portalDb", () => {
    const created = createPrismaClient(databaseTarget());
    if (created.poolCounts) reportDatabasePool(created.poolCounts);
    return created;
  });
}

/** How the job queue reaches this process's database (server/jobs). */
export function jobDatabase() {
  return opened().jobDatabase;
}

/**
 * Runs a statement registered with `preparedStatement` (server/db/prepared-statements.ts) and
 * returns its rows, typed as Prisma's raw queries type them. On PostgreSQL it goes straight to
 * the pool as a named statement, without the ORM's work per query: for the few reads on the
 * hottest path (REST authentication). The embedded database runs it through Prisma.
 */
export function preparedQuery<Row>(text: string, values: unknown[]): Promise<Row[]> {
  return opened().preparedQuery<Row>(text, values);
}

function client(): Db {
  return opened().client;
}

/** Closes the process's database client and its pool (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  await releaseProcessSingleton<OpenDatabase>("portalDb")?.close();
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = client();
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
