import type { TestProject } from "vitest/node";
import { deployMigrations } from "@/prisma/migrate";
import { createScratchDatabase } from "@/tests/support/scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One fresh, fully migrated database for this run of the integration tests. */
export default async function setup(project: TestProject) {
  const database = await createScratchDatabase("it");
  await deployMigrations({ kind: "postgres", url: database.url });
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
