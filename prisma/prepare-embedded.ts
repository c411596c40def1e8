import { existsSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "@/server/db";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { seedDemoData } from "./demo-data";
import { deployMigrations } from "./migrate";

// Runs before the portal starts. The embedded database is migrated here, not inside the server,
// because a PGlite data folder can be open in one process at a time. Its very first run also
// gets the demo data, so a newcomer can sign in at once. A real PostgreSQL is never seeded here.
const target = databaseTarget();
if (target.kind === "embedded") {
  const isNew = !existsSync(path.join(target.dataDir, "PG_VERSION"));
  const { applied } = await deployMigrations(target);
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s) to the ${describeTarget(target)}.`);
  if (isNew) {
    const { client, close } = createPrismaClient(target);
    try {
      await seedDemoData(client);
    } finally {
      await close();
    }
    console.log("Created the demo data (see the README for the logins).");
  }
} else {
  console.log(`Using the ${describeTarget(target)}. Apply migrations with \`npm run db:deploy\`.`);
}
