import pg from "pg";

/**
 * Adds `count` customers below `reseller` in one statement (a reseller at scale: tens of
 * thousands), named `<prefix>-00000`, `<prefix>-00001`…, and vacuums the table so the next
 * plans see them. The rows are what createCustomer writes, minus audit.
 */
export async function addBulkCustomers(
  databaseUrl: string,
  reseller: { id: string; path: string },
  count: number,
  prefix: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Account" (id, name, "contactName", kind, "parentId", path, "updatedAt")
       SELECT id, $1 || '-' || lpad(n::text, 5, '0'), 'Contact ' || n, 'customer', $2::uuid, $3 || id || '/', now()
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(0, $4::int - 1) AS n) AS fresh`,
      [prefix, reseller.id, reseller.path, count],
    );
    // What autovacuum does after a bulk insert: fresh statistics, and the trigram index's pending
    // list merged into the index (until then the planner rightly prices the index as slow).
    await client.query(`VACUUM ANALYZE "Account"`);
  } finally {
    await client.end();
  }
}
