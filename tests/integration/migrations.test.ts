import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployMigrations, MIGRATIONS_DIR, migrationStatus, pendingSchemaChanges } from "../../prisma/migrate";
import { openEmbeddedDatabase } from "../../server/db/adapter";
import type { DatabaseTarget } from "../../server/db/target";

// Each step starts in-memory PostgreSQL instances (PGlite), a few seconds apiece.
const SLOW = 120_000;

let scratchDir: string;

beforeAll(async () => {
  scratchDir = await mkdtemp(path.join(os.tmpdir(), "migrations-test-"));
});

afterAll(async () => {
  await rm(scratchDir, { recursive: true, force: true });
});

function embeddedTarget(name: string): DatabaseTarget & { kind: "embedded" } {
  return { kind: "embedded", dataDir: path.join(scratchDir, name, "pglite") };
}

async function withPGlite<T>(dataDir: string, work: (db: PGlite) => Promise<T>): Promise<T> {
  // As the portal opens it: with the extensions the migrations create (pg_trgm).
  const { pglite, close } = openEmbeddedDatabase(dataDir);
  try {
    return await work(pglite);
  } finally {
    await close();
  }
}

async function localMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("prisma/migrations", () => {
  it(
    "covers every change in schema.prisma (else run npm run db:migration:create -- <name>)",
    async () => {
      expect(await pendingSchemaChanges()).toBe("");
    },
    SLOW,
  );

  it(
    "deploys into a brand-new embedded database, with the e-mail guard in place",
    async () => {
      const target = embeddedTarget("fresh");

      const { applied } = await deployMigrations(target);

      expect(applied).toEqual(await localMigrationNames());
      await withPGlite(target.dataDir, async (db) => {
        const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        expect(tables.rows.map((row) => row.tablename)).toEqual(
          expect.arrayContaining([
            "Account",
            "User",
            "ApiCredential",
            "AuthFailureCount",
            "CallFlow",
            "AuditEvent",
            "CallFlowRevision",
          ]),
        );

        const account = await db.query<{ id: string }>(
          `INSERT INTO "Account" (id, name, kind, path, "updatedAt")
           VALUES (gen_random_uuid(), 'acme', 'customer', '/acme/', now()) RETURNING id`,
        );
        const insertUser = (email: string) =>
          db.query(
            `INSERT INTO "User" (id, email, "displayName", "passwordHash", role, "accountId", "updatedAt")
             VALUES (gen_random_uuid(), $1, 'Ann', 'hash', 'customer', $2, now())`,
            [email, account.rows[0]?.id],
          );
        await insertUser("ann@example.com");
        await expect(insertUser("Bob@Example.com")).rejects.toMatchObject({ code: "23514" });
      });
    },
    SLOW,
  );

  it(
    "applies nothing the second time and reports the database up to date",
    async () => {
      const target = embeddedTarget("redeploy");
      await deployMigrations(target);

      expect(await deployMigrations(target)).toEqual({ applied: [] });
      expect(await migrationStatus(target)).toMatchObject({
        managed: true,
        applied: await localMigrationNames(),
        pending: [],
        failed: [],
        edited: [],
        missingLocally: [],
        historyDiverged: null,
      });
    },
    SLOW,
  );

  it(
    "runs each migration file whole and records a failing one as failed, not applied",
    async () => {
      const migrationsDir = path.join(scratchDir, "failing-migrations");
      await writeMigration(
        migrationsDir,
        "20000101000000_function",
        // Semicolons inside a function body: the file must reach PostgreSQL in one piece.
        `CREATE FUNCTION "answer"() RETURNS int LANGUAGE plpgsql AS $$
         BEGIN PERFORM 1; RETURN 42; END $$;`,
      );
      await writeMigration(
        migrationsDir,
        "20000102000000_broken",
        `CREATE TABLE "Partial" (id int); SELECT * FROM "DoesNotExist";`,
      );
      await writeFile(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
      const target = embeddedTarget("failing");

      await expect(deployMigrations(target, migrationsDir)).rejects.toThrow(/DoesNotExist/);

      expect(await migrationStatus(target, migrationsDir)).toMatchObject({
        applied: ["20000101000000_function"],
        failed: ["20000102000000_broken"],
      });
      await withPGlite(target.dataDir, async (db) => {
        expect((await db.query('SELECT "answer"() AS answer')).rows).toEqual([{ answer: 42 }]);
        const partial = await db.query("SELECT to_regclass('\"Partial\"') AS partial");
        expect(partial.rows).toEqual([{ partial: null }]);
      });
    },
    SLOW,
  );

  it(
    "clears the routing a moved number kept from the account it left, and then refuses such a route (embedded database)",
    async () => {
      const cleanup = "20261207013056_number_routing_within_account";
      const target = await deployedBefore(cleanup);

      const ids = await withPGlite(target.dataDir, async (db) => {
        const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
        const account = (name: string) =>
          one(
            `INSERT INTO "Account" (id, name, kind, path, "updatedAt")
             VALUES (gen_random_uuid(), $1, 'customer', '/' || $1 || '/', now()) RETURNING id`,
            [name],
          );
        const flow = (accountId: string, extension: number) =>
          one(
            `INSERT INTO "CallFlow" (id, "accountId", name, extension, flow, "updatedAt")
             VALUES (gen_random_uuid(), $1, 'Flow', $2, '{}', now()) RETURNING id`,
            [accountId, extension],
          );
        const schedule = (accountId: string) =>
          one(
            `INSERT INTO "Schedule" (id, "accountId", name, timezone, hours, closures, "updatedAt")
             VALUES (gen_random_uuid(), $1, 'Hours', 'UTC', '{}', '[]', now()) RETURNING id`,
            [accountId],
          );
        const number = (accountId: string, phone: string, route: (string | null)[]) =>
          one(
            `INSERT INTO "PhoneNumber" (id, "accountId", number, "callFlowId", "scheduleId", "closedCallFlowId", "updatedAt")
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING id`,
            [accountId, phone, ...route],
          );
        const a = await account("old-holder");
        const b = await account("new-holder");
        const [aOpen, aClosed, aSchedule, bOpen] = [
          await flow(a, 500),
          await flow(a, 501),
          await schedule(a),
          await flow(b, 500),
        ];
        return {
          a,
          aOpen,
          aClosed,
          aSchedule,
          bOpen,
          // Moved to B by the old code: its flow cleared, A's schedule and closed flow kept.
          moved: await number(b, "+15550000001", [null, aSchedule, aClosed]),
          // Moved, then routed by B to its own flow: B's flow stays, A's schedule goes.
          rerouted: await number(b, "+15550000002", [bOpen, aSchedule, aClosed]),
          // A's own routing, untouched.
          own: await number(a, "+15550000003", [aOpen, aSchedule, aClosed]),
        };
      });

      expect((await deployMigrations(target)).applied[0]).toBe(cleanup);
      await withPGlite(target.dataDir, async (db) => {
        const route = async (id: string) =>
          (await db.query(`SELECT "callFlowId", "scheduleId", "closedCallFlowId" FROM "PhoneNumber" WHERE id = $1`, [id]))
            .rows[0];
        expect(await route(ids.moved)).toEqual({ callFlowId: null, scheduleId: null, closedCallFlowId: null });
        expect(await route(ids.rerouted)).toEqual({ callFlowId: ids.bOpen, scheduleId: null, closedCallFlowId: null });
        expect(await route(ids.own)).toEqual({ callFlowId: ids.aOpen, scheduleId: ids.aSchedule, closedCallFlowId: ids.aClosed });
        for (const [column, value] of [
          ["callFlowId", ids.aOpen],
          ["scheduleId", ids.aSchedule],
        ] as const) {
          await expect(
            db.query(`UPDATE "PhoneNumber" SET "${column}" = $1 WHERE id = $2`, [value, ids.moved]),
          ).rejects.toMatchObject({ code: "23503" });
        }
        await expect(
          db.query(`UPDATE "PhoneNumber" SET "accountId" = $1 WHERE id = $2`, [ids.a, ids.rerouted]),
        ).rejects.toMatchObject({ code: "23503" });
      });
    },
    SLOW,
  );

  it(
    "rewords the delivery log's old connection errors, and a switched-off subscription's last one",
    async () => {
      const rewording = "20261207013854_webhook_attempt_errors_without_detail";
      const target = await deployedBefore(rewording);
      const errors = [
        "connect ECONNREFUSED 10.0.0.5:5432",
        "getaddrinfo ENOTFOUND db.internal",
        "write EPROTO 80ECE101347F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number",
        "self-signed certificate",
        "No answer within 10 s",
        "url resolves to 10.0.0.5, a private address; webhooks go to public addresses only",
        "HTTP 502",
        "Not sent: the subscription is disabled",
        null,
      ];
      await withPGlite(target.dataDir, async (db) => {
        await db.query(
          `INSERT INTO "Account" (id, name, kind, path, "updatedAt")
           VALUES ('00000000-0000-4000-8000-000000000001', 'acme', 'customer', '/acme/', now())`,
        );
        await db.query(
          `INSERT INTO "WebhookSubscription" (id, "accountId", url, events, secret, enabled, "disabledReason", "updatedAt")
           VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'https://x.example/',
                   '{}', 'whsec_x', false,
                   'Switched off on 2026-12-01: every delivery failed for 3 days (last: connect ECONNREFUSED 10.0.0.5:22)',
                   now()),
                  ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 'https://x.example/',
                   '{}', 'whsec_x', false,
                   'Switched off on 2026-12-01: every delivery failed for 3 days (last: HTTP 410)', now())`,
        );
        await db.query(
          `INSERT INTO "WebhookDelivery" (id, "subscriptionId", "accountId", "eventType", "objectKey", payload, "retryUntil")
           VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000002',
                   '00000000-0000-4000-8000-000000000001', 'callflow.created', 'callflow:x', '{}', now())`,
        );
        for (const [index, error] of errors.entries()) {
          await db.query(
            `INSERT INTO "WebhookAttempt" ("deliveryId", attempt, at, "latencyMs", error)
             VALUES ('00000000-0000-4000-8000-000000000004', $1, now(), 0, $2)`,
            [index + 1, error],
          );
        }
      });

      expect((await deployMigrations(target)).applied[0]).toBe(rewording);
      await withPGlite(target.dataDir, async (db) => {
        const attempts = await db.query<{ error: string | null }>(`SELECT error FROM "WebhookAttempt" ORDER BY attempt`);
        expect(attempts.rows.map((row) => row.error)).toEqual([
          "connection failed",
          "connection failed",
          "TLS error",
          "TLS error",
          "timed out",
          "connection failed",
          "HTTP 502",
          "Not sent: the subscription is disabled",
          null,
        ]);
        const reasons = await db.query<{ disabledReason: string }>(
          `SELECT "disabledReason" FROM "WebhookSubscription" ORDER BY id`,
        );
        expect(reasons.rows.map((row) => row.disabledReason)).toEqual([
          "Switched off on 2026-12-01: every delivery failed for 3 days (last: connection failed)",
          "Switched off on 2026-12-01: every delivery failed for 3 days (last: HTTP 410)",
        ]);
      });
    },
    SLOW,
  );
});

/** An embedded database with every migration before `name` applied, and `name` still pending. */
async function deployedBefore(name: string): Promise<DatabaseTarget & { kind: "embedded" }> {
  const names = await localMigrationNames();
  const before = path.join(scratchDir, `before-${name}`);
  await mkdir(before, { recursive: true });
  for (const earlier of names.slice(0, names.indexOf(name))) {
    await cp(path.join(MIGRATIONS_DIR, earlier), path.join(before, earlier), { recursive: true });
  }
  await cp(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
  const target = embeddedTarget(`before-${name}`);
  await deployMigrations(target, before);
  return target;
}

async function writeMigration(migrationsDir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(migrationsDir, name), { recursive: true });
  await writeFile(path.join(migrationsDir, name, "migration.sql"), `${sql}\n`);
}
