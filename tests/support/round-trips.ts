import pg from "pg";

// ─── DATABASE ROUND TRIPS, COUNTED AT THE DRIVER ─── every statement this process sends to
// PostgreSQL goes through pg's Client#query: Prisma's queries and its BEGIN and COMMIT (through
// its pg adapter), the prepared statements of REST authentication, the job queue's. So a count
// taken here misses nothing. For the benchmark (bench/request-path.ts) and the test that holds
// the REST write path to its round trips (tests/integration/request-round-trips.test.ts).

/** The REST API's metering writes the counts of every request in one batched statement a second: no request's own. */
const METERING = /^\s*INSERT INTO "ApiUsageDaily"/;

const listeners = new Set<(statement: string) => void>();
let counting = false;

function countStatements(): void {
  if (counting) return;
  counting = true;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === "string" ? first : (first.text ?? "")).replace(/\s+/g, " ").trim();
    if (!METERING.test(text)) for (const listener of listeners) listener(text);
    return (query as (...args: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

/** The statements sent to PostgreSQL while `run` runs, in the order sent (the metering's batched write aside). */
export async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  countStatements();
  const statements: string[] = [];
  const listener = (statement: string) => statements.push(statement);
  listeners.add(listener);
  try {
    await run();
    return statements;
  } finally {
    listeners.delete(listener);
  }
}
