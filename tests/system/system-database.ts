import { deployMigrations } from "@/prisma/migrate";
import { seedDemoData } from "@/prisma/demo-data";
import { createPrismaClient } from "@/server/db";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/support/scratch-database";

/** A fresh, migrated database holding the demo data, and a client to read it with. */
export async function demoDatabase(label: string) {
  const database: ScratchDatabase = await createScratchDatabase(label);
  await deployMigrations({ kind: "postgres", url: database.url });
  const { client, close } = createPrismaClient({ kind: "postgres", url: database.url });
  await seedDemoData(client);
  return {
    url: database.url,
    db: client,
    drop: async () => {
      await close();
      await database.drop();
    },
  };
}

export function busyFlow(extension: number, name: string) {
  return { extension, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } }, name };
}
