import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // The modules only Next loads (sessions, the server-side tRPC caller) import "server-only",
  // which throws outside a react-server bundle; tests import them as the server does.
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          // Each password hash costs OWASP's scrypt (128 MiB, about a second on a busy machine).
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Production instances over real HTTP (shutdown, several instances, logs and metrics):
        // they need the production build, so `npm test` runs them after `next build`.
        resolve: { alias },
        test: {
          name: "system",
          include: ["tests/system/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
