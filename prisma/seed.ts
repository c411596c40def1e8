import { createPrismaClient } from "@/server/db";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { seedDemoData } from "./demo-data";

// `npm run db:seed`: adds the demo tenants to the database the portal would use.
const target = databaseTarget();
const { client, close } = createPrismaClient(target);
try {
  await seedDemoData(client);
  console.log(`Demo data is in the ${describeTarget(target)}.`);
} finally {
  await close();
}
