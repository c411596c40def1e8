import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./tests/e2e/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A cap on a whole journey, not a speed target: signing in costs a 128 MiB scrypt hash, and a
  // two-core machine running the server, Chromium and PostgreSQL together took over 30 s for
  // several journeys. Each step still waits at most expect's 10 s.
  timeout: 90_000,
  // Screenshots compare within a small tolerance: text antialiasing differs by a few pixels.
  expect: { timeout: 10_000, toHaveScreenshot: { maxDiffPixelRatio: 0.01, animations: "disabled", caret: "hide" } },
  snapshotPathTemplate: "{testDir}/__screenshots__/{arg}{ext}",
  reporter: [["list"]],
  // The screenshots first, on the demo data as seeded; then everything else, which adds to it.
  projects: [
    { name: "screenshots", testMatch: "screenshots.spec.ts" },
    { name: "journeys", testIgnore: "screenshots.spec.ts" },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    trace: "retain-on-failure",
  },
  webServer: {
    // A fresh, seeded PostgreSQL database and the production build (`next build` first).
    command: "npx tsx tests/e2e/serve.ts",
    url: `http://127.0.0.1:${port}/sign-in`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    // Lets tests/e2e/serve.ts stop the app and drop its scratch database before it exits.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
