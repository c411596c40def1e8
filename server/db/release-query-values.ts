import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from "@prisma/driver-adapter-utils";

// ─── NO QUERY VALUE OUTLIVES ITS QUERY ─── Prisma's driver adapters pass every query to
// @prisma/debug, which keeps the arguments of its last 100 calls in memory even when debugging is
// off. A query's values would stay alive long after it ran: a sound upload writes its audio in
// 256 KiB chunks, and a 10 MB one left all 40 (as base64 text, 13 MB) in that history. Each query
// therefore goes to the adapter as a copy whose values are dropped once it has run, so the history
// keeps only the SQL text. (It also stops password hashes and tokens lingering in memory.)

type QueryMethod = "queryRaw" | "executeRaw";

async function runThenRelease<Result>(run: (query: SqlQuery) => Promise<Result>, query: SqlQuery): Promise<Result> {
  const handed: SqlQuery = { ...query, args: [...query.args] };
  try {
    return await run(handed);
  } finally {
    handed.args.length = 0;
  }
}

function releasingQueryable<T extends SqlQueryable>(queryable: T): T {
  return new Proxy(queryable, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === "queryRaw" || property === "executeRaw") {
        const method = target[property as QueryMethod].bind(target) as (query: SqlQuery) => Promise<unknown>;
        return (query: SqlQuery) => runThenRelease(method, query);
      }
      if (property === "startTransaction") {
        const start = (target as unknown as SqlDriverAdapter).startTransaction.bind(target);
        return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>): Promise<Transaction> =>
          releasingQueryable(await start(...args));
      }
      // Adapters keep state in private fields, which only the adapter itself as `this` can reach.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The same factory, whose connections and transactions drop each query's values once it has run. */
export function releasingQueryValues(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, property) {
      if (property === "connect" || property === "connectToShadowDb") {
        const connect = target[property].bind(target);
        return async () => releasingQueryable(await connect());
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
