import { createPrismaClient } from "@/server/db";
import { deployMigrations } from "@/prisma/migrate";
import { seedDemoData } from "@/prisma/demo-data";
import { createScratchDatabase } from "@/tests/support/scratch-database";
import { runScript } from "@/tests/support/launch";

// The end-to-end tests' server: the production build on a fresh PostgreSQL database holding
// the demo data, dropped again when Playwright stops the server.
const port = process.env.E2E_PORT ?? "3100";
const database = await createScratchDatabase("e2e");
await deployMigrations({ kind: "postgres", url: database.url });
const { client, close } = createPrismaClient({ kind: "postgres", url: database.url });
await seedDemoData(client);
await close();

// The portal started by `npm start` itself; SIGTERM to its process group stops it gracefully.
const server = runScript("start", {
  env: {
    ...process.env,
    PORT: port,
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    // Production requires a secret of at least 32 characters (server/config.ts).
    NEXTAUTH_SECRET: "e2e-secret-not-for-production-use-0123456789",
    NEXT_TELEMETRY_DISABLED: "1",
    // The webhook spec's receiver listens on this machine; production refuses loopback otherwise.
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  },
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.signal("SIGTERM");
  await server.exited;
  await database.drop();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.process.on("exit", (code) => {
  if (!stopping) void database.drop().then(() => process.exit(code ?? 1));
});
