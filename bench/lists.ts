import { randomUUID } from "node:crypto";
import { deployMigrations } from "../prisma/migrate";
import { addBulkCustomers } from "../tests/support/bulk-customers";
import { createScratchDatabase } from "../tests/support/scratch-database";

/**
 * The customers page of a reseller with 20,000 customers, through the service the page calls
 * (accounts.customers.list): the first page, a search by part of a name, and a page deep in the
 * list, against a primary-key read of one account in the same run. A scratch database on the
 * local PostgreSQL (TEST_POSTGRES_URL) is created, filled and dropped.
 * The target is < 1 s for the first rows and for a search.
 */

const CUSTOMERS = 20_000;
const SAMPLES = 40;

const database = await createScratchDatabase("bench_lists");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("../server/db");
  const { loadActor } = await import("../server/auth/actor");
  const { listCustomers } = await import("../server/services/accounts/accounts");
  const { childPath } = await import("../server/services/accounts/tree");

  const rootId = randomUUID();
  const root = await db.account.create({
    data: { id: rootId, name: "bench-platform", kind: "platform", path: childPath("/", rootId) },
  });
  const resellerId = randomUUID();
  const reseller = await db.account.create({
    data: { id: resellerId, name: "bench-reseller", kind: "reseller", parentId: root.id, path: childPath(root.path, resellerId) },
  });
  const user = await db.user.create({
    data: { accountId: reseller.id, role: "reseller", email: "bench@example.test", displayName: "Bench", passwordHash: "unused" },
  });
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("the bench user cannot act");
  const ctx = { principal: actor, ip: "127.0.0.1", userAgent: "bench" };

  const seeded = performance.now();
  await addBulkCustomers(database.url, reseller, CUSTOMERS, "customer");
  console.log(`Seeded ${CUSTOMERS} customers in ${((performance.now() - seeded) / 1000).toFixed(1)} s.`);

  const deepCursor = (await listCustomers(ctx, { limit: 100, search: "customer-150" })).nextCursor;
  const someId = (await listCustomers(ctx, { limit: 1 })).items[0]!.id;
  const cases: [string, () => Promise<unknown>][] = [
    ["baseline: one account by primary key", () => db.account.findUnique({ where: { id: someId } })],
    ["first page (50 customers)", () => listCustomers(ctx, { limit: 50 })],
    ['search by part of a name ("12345")', () => listCustomers(ctx, { limit: 50, search: "12345" })],
    ['search matching many customers ("99")', () => listCustomers(ctx, { limit: 50, search: "99" })],
    ["a page deep in the list (by cursor)", () => listCustomers(ctx, { limit: 50, cursor: deepCursor ?? undefined })],
  ];

  const results: { name: string; median: number; p95: number }[] = [];
  for (const [name, run] of cases) {
    for (let i = 0; i < 5; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    results.push({ name, median: times[Math.floor(SAMPLES / 2)]!, p95: times[Math.floor(SAMPLES * 0.95)]! });
  }
  const baseline = results[0]!.median;
  console.log(`\n${"".padEnd(44)}${"median ms".padStart(11)}${"p95 ms".padStart(9)}${"× baseline".padStart(12)}`);
  for (const { name, median, p95 } of results) {
    console.log(
      `${name.padEnd(44)}${median.toFixed(2).padStart(11)}${p95.toFixed(2).padStart(9)}${(median / baseline).toFixed(1).padStart(12)}`,
    );
  }
  console.log(`\nTarget: first rows and a search each < 1000 ms, for ${CUSTOMERS} customers (server time, without the browser).`);
  // Closes the pool too, before the scratch database is dropped under its connections.
  await closeDatabase();
} finally {
  await database.drop();
}
