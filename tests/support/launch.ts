import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// How tests and benchmarks start the portal: through package.json's own scripts, the one place
// that holds the launch line (`npm run dev`, `npm start`; the Dockerfile runs `npm start` too).
// A test that started the server its own way could not see a broken start.

const ROOT = path.resolve(import.meta.dirname, "../..");

export type LaunchedScript = {
  process: ChildProcess;
  /**
   * Signals npm as `docker stop` signals the container's first process: npm passes SIGTERM and
   * SIGINT on to the server. SIGKILL goes to the whole process group, as when a container dies.
   */
  signal: (signal?: NodeJS.Signals) => void;
  exited: Promise<number | null>;
};

/** `npm run <script>` in `cwd` (default: this tree), in a process group of its own. */
export function runScript(
  script: "dev" | "start",
  options: { cwd?: string; env: NodeJS.ProcessEnv; stdio?: SpawnOptions["stdio"] },
): LaunchedScript {
  const child = spawn("npm", ["run", script], {
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdio: options.stdio ?? "inherit",
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    exited,
    signal: (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (signal === "SIGKILL") process.kill(-child.pid!, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * The node arguments of a launch script (`exec node --import tsx server/http/main.ts` → the
 * arguments after `node`; the shell's `exec` only makes node replace it),
 * for a benchmark that must measure the server process itself rather than npm around it.
 */
export function launchLineArgs(script: "dev" | "start"): string[] {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
  const [command, ...args] = scripts[script]!.replace(/^exec\s+/, "").split(/\s+/);
  if (command !== "node") throw new Error(`package.json's ${script} script no longer starts with node: ${scripts[script]}`);
  return args;
}

/**
 * What a person's shell has before they set anything the README asks for, plus those settings:
 * no NODE_OPTIONS, no DATABASE_URL of the test run's, no npm variables of an outer `npm test`.
 */
export function bareEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  // Next's types declare NODE_ENV on every environment; a person's shell has none, nor has this.
  const bare: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmpdir(),
    ...settings,
  };
  return bare as unknown as NodeJS.ProcessEnv;
}

/** A port nothing listens on at the moment, for a server the test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
