import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// `npm test`: every runner in turn (Biome: lint, format and import boundaries; Vitest unit +
// integration; the production build, which also type-checks the whole project; Vitest system
// tests and Playwright end to end on that build), then one line totalling them all.
const RESULTS = path.join(process.cwd(), "test-results", "summary");
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** A step with no tests of its own (the build) adds nothing when it works, a failure when not. */
function countStep(exitCode: number) {
  if (exitCode !== 0) total.failed += 1;
}

/** A runner that failed without writing its report still counts as a failure. */
function countRunner(exitCode: number, tally: Tally | null) {
  if (!tally) {
    total.failed += 1;
    return;
  }
  total.passed += tally.passed;
  total.failed += tally.failed + (exitCode !== 0 && tally.failed === 0 ? 1 : 0);
  total.skipped += tally.skipped;
}

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };

/** One Vitest run over the given projects, counted like any runner. */
async function runVitest(name: string, projects: string[]): Promise<void> {
  const report = path.join(RESULTS, `${name}.json`);
  const exitCode = await run("npx", [
    "vitest",
    "run",
    ...projects.flatMap((project) => ["--project", project]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ]);
  const vitest = readJson<VitestReport>(report);
  countRunner(
    exitCode,
    vitest && {
      passed: vitest.numPassedTests,
      failed: vitest.numFailedTests,
      skipped: vitest.numPendingTests + vitest.numTodoTests,
    },
  );
}

// Lint and format findings fail the run (`npm run format` rewrites the formatting).
countStep(await run("npx", ["biome", "ci", "."]));

await runVitest("vitest", ["unit", "integration"]);

const buildExit = await run("npx", ["next", "build"]);
countStep(buildExit);
if (buildExit === 0) {
  await runVitest("vitest-system", ["system"]);
  const playwrightReport = path.join(RESULTS, "playwright.json");
  const playwrightExit = await run("npx", ["playwright", "test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  const playwright = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    playwrightReport,
  );
  countRunner(
    playwrightExit,
    playwright && {
      passed: playwright.stats.expected,
      failed: playwright.stats.unexpected + playwright.stats.flaky,
      skipped: playwright.stats.skipped,
    },
  );
}

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : "";
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed > 0 ? 1 : 0);
