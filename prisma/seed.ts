import { configOrExit } from "@/server/config";
import { createPrismaClient } from "@/server/db";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { seedDemoData } from "./demo-data";

// `npm run db:seed`: adds the demo tenants to the database the portal would use. Their passwords
// are published in the README, so a production environment must ask for them with DEMO_DATA=1.
const settings = configOrExit();
if (settings.production && !settings.DEMO_DATA) {
  console.error("Refusing to add demo users with published passwords in production. Set DEMO_DATA=1 to do it anyway.");
  process.exit(1);
}
const target = databaseTarget();
const { client, close } = createPrismaClient(target);
try {
  await seedDemoData(client);
  console.log(`Demo data is in the ${describeTarget(target)}.`);
} finally {
  await close();
}
