import path from "node:path";
import { databaseTarget, describeTarget } from "../../server/db/target";
import { createMigration, deployMigrations, migrationStatus, pendingSchemaChanges, type MigrationStatus } from "./index";

const USAGE = `Usage: tsx prisma/migrate/cli.ts <command>
  create <name>  write a new migration from the changes in schema.prisma
  deploy         apply pending migrations to the database
  status         compare the database with prisma/migrations
  check          fail when schema.prisma has changes without a migration

The database is DATABASE_URL, or the embedded one (EMBEDDED_DB_DIR) when it is unset.`;

/** Each command returns the process exit code: 0 when all is well, 1 when something needs attention. */
const commands = new Map<string, (args: string[]) => Promise<number>>([
  ["create", runCreate],
  ["deploy", runDeploy],
  ["status", runStatus],
  ["check", runCheck],
]);

async function runCreate(args: string[]): Promise<number> {
  const [name, ...extra] = args;
  if (!name || extra.length > 0) {
    console.error("Usage: npm run db:migration:create -- <name>");
    return 1;
  }
  const created = await createMigration(name);
  console.log(`Created ${relative(created.file)}. Review it, then run npm run db:deploy.`);
  return 0;
}

async function runDeploy(): Promise<number> {
  const target = databaseTarget();
  const { applied } = await deployMigrations(target);
  if (applied.length === 0) {
    console.log(`${describeTarget(target)}: no pending migrations.`);
  } else {
    console.log(`${describeTarget(target)}: applied ${plural(applied.length, "migration")}:`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

async function runStatus(): Promise<number> {
  const target = databaseTarget();
  const status = await migrationStatus(target);
  console.log(`${describeTarget(target)}: ${plural(status.local.length, "migration")} in prisma/migrations.`);
  const problems = describeProblems(status);
  if (problems.length === 0) {
    console.log("Database schema is up to date.");
    return 0;
  }
  for (const problem of problems) console.log(problem);
  return 1;
}

function describeProblems(status: MigrationStatus): string[] {
  const problems: string[] = [];
  if (status.historyDiverged) {
    const common = status.historyDiverged.lastCommonMigration ?? "none";
    problems.push(`History diverged from prisma/migrations (last common migration: ${common}).`);
  }
  if (!status.managed && status.local.length > 0) {
    problems.push("No migration has ever been applied here (no _prisma_migrations table).");
  }
  problems.push(...listed("Pending (run npm run db:deploy)", status.pending));
  problems.push(...listed("Failed (deploy refuses to run until they are resolved)", status.failed));
  problems.push(...listed("Edited after they were applied", status.edited));
  problems.push(...listed("Applied but missing from prisma/migrations", status.missingLocally));
  return problems;
}

function listed(heading: string, names: string[]): string[] {
  return names.length === 0 ? [] : [`${heading}:`, ...names.map((name) => `  ${name}`)];
}

async function runCheck(): Promise<number> {
  const sql = await pendingSchemaChanges();
  if (sql === "") {
    console.log("OK: prisma/migrations matches schema.prisma.");
    return 0;
  }
  console.log(sql);
  console.error("\nschema.prisma has changes without a migration (SQL above). " + "Run npm run db:migration:create -- <name>.");
  return 1;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file);
}

async function main(argv: string[]): Promise<number> {
  const [commandName, ...args] = argv;
  const command = commandName ? commands.get(commandName) : undefined;
  if (!command) {
    console.error(USAGE);
    return 1;
  }
  try {
    return await command(args);
  } catch (error) {
    console.error(`${commandName} failed: ${withoutEngineBacktrace(error)}`);
    return 1;
  }
}

/** Engine errors end in a Rust span trace ("   0: schema_engine_wasm::..."), noise to a reader here. */
function withoutEngineBacktrace(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s*\d+: \w+::/.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart)).join("\n").trim();
}

process.exitCode = await main(process.argv.slice(2));
