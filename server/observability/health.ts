import { readdirSync } from "node:fs";
import path from "node:path";
import { db } from "@/server/db";

/**
 * Readiness: the database answers and has run every migration this code was built with. A
 * replica that is up but behind on migrations is not ready (docs/deploy.md, "Upgrades"), so a
 * load balancer keeps traffic on the replicas that are.
 */
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

type Readiness = {
  ready: boolean;
  checks: { database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown" };
  /** How many migrations are pending: a count, never their names (anyone may ask). */
  pending?: number;
};

let expectedMigrations: string[] | undefined;

/** The migration folders shipped with this build, read once. */
function shippedMigrations(): string[] {
  expectedMigrations ??= readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return expectedMigrations;
}

/** A database that does not answer within this is as good as unreachable for a load balancer. */
const READINESS_TIMEOUT_MS = 2_000;

class ReadinessTimeout extends Error {}

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout("readiness check timed out")), READINESS_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function appliedMigrations(): Promise<string[] | "unreachable" | "unmanaged"> {
  try {
    const rows = await withinTimeout(
      db.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows.map((row) => row.migration_name);
  } catch (error) {
    // A database too slow to answer is not ready, whatever its migrations.
    if (error instanceof ReadinessTimeout) return "unreachable";
    // Either no database, or a database that has never been migrated (no history table).
    const reachable = await withinTimeout(db.$queryRaw`SELECT 1`).then(
      () => true,
      () => false,
    );
    return reachable ? "unmanaged" : "unreachable";
  }
}

export async function readiness(): Promise<Readiness> {
  const applied = await appliedMigrations();
  if (applied === "unreachable") return { ready: false, checks: { database: "unreachable", migrations: "unknown" } };
  if (applied === "unmanaged") {
    return { ready: false, checks: { database: "ok", migrations: "pending" }, pending: shippedMigrations().length };
  }
  const done = new Set(applied);
  const pending = shippedMigrations().filter((name) => !done.has(name));
  if (pending.length > 0) return { ready: false, checks: { database: "ok", migrations: "pending" }, pending: pending.length };
  return { ready: true, checks: { database: "ok", migrations: "ok" } };
}
