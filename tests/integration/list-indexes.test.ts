import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/server/auth/actor";
import { PrismaClient } from "@/server/generated/prisma/client";
import { listCustomers } from "@/server/services/accounts/accounts";
import { addBulkCustomers } from "@/tests/support/bulk-customers";
import { contextAs, createTenants, uniqueSuffix } from "./fixtures";

/**
 * The customers page of a reseller with 20,000 customers must find one by name through an
 * index. The query checked is the one the service sends (captured from Prisma's query log), after
 * the table is vacuumed as autovacuum would; its plan must use the trigram index, and stops
 * doing so once that index is gone (checked in a rolled-back transaction).
 */

const CUSTOMERS = 20_000;
const databaseUrl = inject("databaseUrl");

type Captured = { query: string; params: unknown[] };
const captured: Captured[] = [];
const globalForDb = globalThis as unknown as { portalDb?: unknown };
// The services use this process's one client (server/db): a client that logs its SQL takes its place.
const logging = new PrismaClient({
  adapter: new PrismaPg({ connectionString: databaseUrl }),
  log: [{ emit: "event", level: "query" }],
  omit: { user: { passwordHash: true }, apiCredential: { passwordHash: true } },
});
let reseller: Actor;
let prefix: string;

beforeAll(async () => {
  logging.$on("query", (event) => captured.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  globalForDb.portalDb = { client: logging, close: () => logging.$disconnect() };
  const t = await createTenants();
  reseller = t.actors.resellerA;
  prefix = `bulk-${uniqueSuffix()}`;
  await addBulkCustomers(databaseUrl, t.accounts.resellerA, CUSTOMERS, prefix);
});

afterAll(async () => {
  delete globalForDb.portalDb;
  await logging.$disconnect();
});

/** The SQL the customers list sends for a search, and the search's result. */
async function customerSearchQuery(search: string) {
  captured.length = 0;
  const page = await listCustomers(contextAs(reseller), { search, limit: 50 });
  const query = captured.find((entry) => /FROM "public"."Account"/.test(entry.query) && /ILIKE/.test(entry.query));
  if (!query) throw new Error(`no customer search query was logged: ${JSON.stringify(captured)}`);
  return { page, query };
}

/** The index names of the plan PostgreSQL picks for `query` (its default settings), using `client`. */
async function indexesOfPlan(client: pg.ClientBase, { query, params }: Captured): Promise<string[]> {
  const { rows } = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${query}`, params);
  const names: string[] = [];
  JSON.stringify(rows[0]!["QUERY PLAN"], (key, value: unknown) => {
    if (key === "Index Name" && typeof value === "string") names.push(value);
    return value;
  });
  return names;
}

describe("the customers list of a reseller with 20,000 customers", () => {
  it("finds a customer by part of its handle or display name through the trigram indexes, and only through them", async () => {
    const wanted = `${prefix}-12345`;
    const { page, query } = await customerSearchQuery("12345");
    expect(page.items.map((customer) => customer.name)).toEqual([wanted]);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("BEGIN");
      expect(await indexesOfPlan(client, query)).toEqual(
        expect.arrayContaining(["Account_name_trgm_idx", "Account_displayName_trgm_idx"]),
      );
      // Without the indexes the same query has nothing but a scan of every account left.
      await client.query(`DROP INDEX "Account_name_trgm_idx"`);
      await client.query(`DROP INDEX "Account_displayName_trgm_idx"`);
      const withoutThem = await indexesOfPlan(client, query);
      expect(withoutThem).not.toContain("Account_name_trgm_idx");
      expect(withoutThem).not.toContain("Account_displayName_trgm_idx");
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });

  it("reads the first page in name order without sorting every customer", async () => {
    captured.length = 0;
    const page = await listCustomers(contextAs(reseller), { limit: 50 });
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).not.toBeNull();
    const query = captured.find((entry) => /FROM "public"."Account"/.test(entry.query) && /ORDER BY/.test(entry.query));
    if (!query) throw new Error("no customers list query was logged");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("BEGIN");
      expect(await indexesOfPlan(client, query)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Account_(kind_name_idx|name_key)$/)]),
      );
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });
});
