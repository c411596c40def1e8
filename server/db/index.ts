import { PrismaClient } from "@/server/generated/prisma/client";
import { createAdapterFactory } from "./adapter";
import { databaseTarget, type DatabaseTarget } from "./target";

/** A client for a target, and how to release it (scripts; the server keeps `db` for its lifetime). */
export function createPrismaClient(target: DatabaseTarget) {
  const { factory, close } = createAdapterFactory(target);
  const client = new PrismaClient({
    adapter: factory,
    // Secrets never leave the database by accident: a query must ask for a hash by name.
    omit: { user: { passwordHash: true, totpSecret: true, totpPendingSecret: true }, apiCredential: { passwordHash: true } },
  });
  return {
    client,
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
const globalForDb = globalThis as unknown as { portalDb?: Db };

function client(): Db {
  return (globalForDb.portalDb ??= createPrismaClient(databaseTarget()).client);
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = client();
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
