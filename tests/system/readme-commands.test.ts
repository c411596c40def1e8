import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bareEnvironment, freePort } from "@/tests/support/launch";
import { signIn } from "./portal-client";

// ─── THE FRONT DOOR ─── The README's own commands, run as a newcomer and an operator run them:
// read from the README and the Dockerfile, with no node arguments of ours and no environment
// beyond what the README tells a user to set (PORT, NEXTAUTH_SECRET, EMBEDDED_DB_DIR). A test
// that started the server its own way could not see a broken start.

const ROOT = path.resolve(import.meta.dirname, "../..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const SECRET = "readme-commands-secret-0123456789abcdef-not-for-production";
const scratch = mkdtempSync(path.join(tmpdir(), "readme-commands-"));
const running: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(running.map((stop) => stop()));
  rmSync(scratch, { recursive: true, force: true });
});

/** The first shell block of a README section, as a person copies it. */
function readmeCommand(heading: string): string {
  const section = README.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error(`README has no shell block under "## ${heading}"`);
  return block.trim();
}

/**
 * Starts a command in a process group of its own. Stopping it sends SIGTERM to the command, as
 * `docker stop` does to a container's first process, or with `group`, SIGINT to the whole group,
 * as Ctrl-C in a terminal does.
 */
function launch(commandLine: string[], cwd: string, env: NodeJS.ProcessEnv, stopWith: "SIGTERM" | "group SIGINT" = "SIGTERM") {
  const [command, ...args] = commandLine;
  const child = spawn(command!, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        if (stopWith === "SIGTERM") child.kill("SIGTERM");
        else process.kill(-child.pid!, "SIGINT");
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  running.push(stop);
  return { child, output: () => output, stop };
}

/** Waits until `url` answers 200; otherwise prints what the process printed and fails. */
async function waitFor(url: string, started: ReturnType<typeof launch>, seconds: number): Promise<Response> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const exited = started.child.exitCode !== null || started.child.signalCode !== null;
    const response = exited ? null : await fetch(url).catch(() => null);
    if (response?.status === 200) return response;
    if (exited || Date.now() > deadline) {
      // The output goes to the log, not into the error: it holds stack traces of its own.
      console.error(started.output().slice(-6000));
      throw new Error(
        exited ? `exited with ${started.child.exitCode} before ${url} answered` : `${url} did not answer within ${seconds} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The tree as a fresh clone has it: tracked files and new files not ignored, without node_modules or builds. */
function freshCopy(): string {
  const target = path.join(scratch, "clone");
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(target, file), { errorOnExist: false });
  }
  return target;
}

describe("the README's commands on a fresh machine", () => {
  it("`npm install && npm run dev` on a fresh copy serves the sign-in page, and a demo user signs in", async () => {
    const command = readmeCommand("Run it");
    expect(command).toBe("npm install && npm run dev");
    const port = await freePort();
    const dev = launch(["sh", "-c", command], freshCopy(), bareEnvironment({ PORT: String(port) }), "group SIGINT");
    const url = `http://127.0.0.1:${port}`;
    const page = await waitFor(`${url}/sign-in`, dev, 420);
    expect(await page.text()).toContain("Sign in");
    const cookie = await signIn(url, "owner@acme.example");
    const session = (await (await fetch(`${url}/api/auth/session`, { headers: { Cookie: cookie } })).json()) as {
      user?: { email?: string };
    };
    expect(session.user?.email).toBe("owner@acme.example");
    await dev.stop();
  }, 600_000);

  it("`npm start` on the production build, with only NEXTAUTH_SECRET set, serves /healthz and the sign-in page", async () => {
    expect(README).toContain("npm start");
    const port = await freePort();
    const start = launch(
      ["npm", "start"],
      ROOT,
      bareEnvironment({ NEXTAUTH_SECRET: SECRET, PORT: String(port), EMBEDDED_DB_DIR: path.join(scratch, "start-db") }),
    );
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, start, 120);
    expect(health.status).toBe(200);
    await waitFor(`http://127.0.0.1:${port}/sign-in`, start, 30);
    await start.stop();
    expect(start.child.exitCode).toBe(0);
  }, 180_000);

  it("the Dockerfile's CMD, with the Dockerfile's own environment, starts against the built tree", async () => {
    const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const cmd = JSON.parse(dockerfile.match(/^CMD\s+(\[.*\])\s*$/m)![1]!) as string[];
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    const imageEnv = Object.fromEntries(
      [...runtimeStage.matchAll(/^ENV\s+(.+)$/gm)].flatMap((line) =>
        line[1]!.split(/\s+/).map((pair) => pair.split("=") as [string, string]),
      ),
    );
    expect(imageEnv.NODE_ENV).toBe("production");
    const port = await freePort();
    const container = launch(
      cmd,
      ROOT,
      bareEnvironment({
        ...imageEnv,
        NEXTAUTH_SECRET: SECRET,
        PORT: String(port),
        EMBEDDED_DB_DIR: path.join(scratch, "image-db"),
      }),
    );
    await waitFor(`http://127.0.0.1:${port}/healthz`, container, 120);
    await waitFor(`http://127.0.0.1:${port}/sign-in`, container, 30);
    await container.stop();
    expect(container.child.exitCode).toBe(0);
  }, 180_000);
});
