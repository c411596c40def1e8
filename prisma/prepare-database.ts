import { existsSync } from "node:fs";
import path from "node:path";
import type { Config } from "@/server/config";
import { createPrismaClient } from "@/server/db";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { logger } from "@/server/observability/logger";
import { seedDemoData } from "./demo-data";
import { deployMigrations } from "./migrate";

/**
 * What the portal's launch (server/http/main.ts) does before it serves. The embedded database is
 * migrated here, in the portal's own process and before the server opens it, because a PGlite
 * data folder can be open in one process at a time; a PostgreSQL server is the operator's to
 * migrate (`npm run db:deploy`). Demo data, whose passwords the README publishes, is added only
 * when asked: DEMO_DATA=1, or `npm run dev` creating a new embedded database.
 */
export async function prepareDatabase(settings: Config, mode: "dev" | "start"): Promise<void> {
  const target = databaseTarget();
  let isNew = false;
  if (target.kind === "embedded") {
    isNew = !existsSync(path.join(target.dataDir, "PG_VERSION"));
    const { applied } = await deployMigrations(target);
    if (applied.length > 0) logger.info(`Applied ${applied.length} migration(s) to the ${describeTarget(target)}.`);
  } else {
    logger.info(`Using the ${describeTarget(target)}. Apply migrations with \`npm run db:deploy\`.`);
  }

  if (settings.DEMO_DATA || (mode === "dev" && isNew)) {
    const { client, close } = createPrismaClient(target);
    try {
      await seedDemoData(client);
    } finally {
      await close();
    }
    logger.info("Added the demo data (see the README for the logins).");
  } else if (isNew) {
    logger.info("New database without demo data: create the first admin with `npm run admin:create -- EMAIL`.");
  }
}
