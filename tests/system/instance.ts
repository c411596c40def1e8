import type { ChildProcess } from "node:child_process";
import { freePort, runScript } from "@/tests/support/launch";

// A production instance of the portal, started by `npm start` on the production build, on a
// database of the test's choosing. Its JSON log lines are kept.

export type Instance = {
  url: string;
  process: ChildProcess;
  /** Every JSON line the instance logged so far. */
  logs: Record<string, unknown>[];
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

const SYSTEM_SECRET = "system-tests-secret-0123456789abcdef-not-for-production";

export async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const launched = runScript("start", {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: SYSTEM_SECRET,
      LOG_LEVEL: "info",
      // Production serves /metrics to nobody until told: these instances serve this machine.
      METRICS_PUBLIC: "loopback",
      ...env,
    },
  });
  const child = launched.process;
  const logs: Record<string, unknown>[] = [];
  let pendingText = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    pendingText += chunk.toString("utf8");
    const lines = pendingText.split("\n");
    pendingText = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log line (npm's own output): nothing to keep.
      }
    }
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The instance exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The instance did not start within 60 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    process: child,
    logs,
    stop: async (signal = "SIGTERM") => {
      launched.signal(signal);
      return launched.exited;
    },
  };
}
