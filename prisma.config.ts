import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const projectRoot = path.dirname(fileURLToPath(import.meta.url));

// `prisma generate` refuses to start without Prisma's native schema engine, which it never runs
// and which cannot be downloaded on every machine that builds the project (see
// ../shared/STACK.md). Any existing file satisfies that check. Only `generate` gets the stand-in:
// where the native engine can be downloaded, `prisma migrate deploy` keeps working unchanged.
// Migrations here go through the WebAssembly engine instead (prisma/migrate).
const runsGenerate = process.argv.slice(2).includes("generate");
if (runsGenerate && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(projectRoot, "prisma", "schema.prisma");
}

export default defineConfig({
  schema: path.join(projectRoot, "prisma", "schema.prisma"),
  migrations: { path: path.join(projectRoot, "prisma", "migrations") },
  // Only Prisma's own CLI reads this (`prisma migrate deploy` where it can run); the app and
  // prisma/migrate pick their database with server/db/target.ts.
  datasource: { url: process.env.DATABASE_URL },
});
