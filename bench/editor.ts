import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../tests/e2e/chromium";
import { ACME_API_HEADERS } from "../tests/e2e/flow-editor-page";
import { signIn } from "../tests/e2e/helpers";
import { BURST_PAUSE_MS } from "../components/flow-editor/history";

/**
 * How the flow editor copes with a large flow: a 300-module flow against a 10-module baseline
 * measured in the same run, both created for acme through the REST API and opened in Chromium.
 *
 * - open: from navigation start until the editor is interactive: every module drawn and measured
 *   in the graph (React Flow measures nodes from effects, so the page is hydrated), the view
 *   fitted, and the selected module's form shown. Median of several opens.
 * - keystroke: from the keydown in a field to the frame after the validation status changed,
 *   in the flow's name and in a module form's seconds field. Median of several keystrokes.
 * - undo, redo: the same, for Ctrl+Z and Shift+Ctrl+Z stepping back and forth through the
 *   seconds field's keystrokes (each step flips the status between saved and not). Typing in one
 *   field is one history step until it pauses, so those keystrokes are a pause apart.
 *
 * It builds nothing: run `npx next build` first. It starts the end-to-end tests' server
 * (tests/e2e/serve.ts: the production build on a fresh, seeded database) on BENCH_PORT.
 */

const PORT = process.env.BENCH_PORT ?? "3600";
const BASE_URL = `http://127.0.0.1:${PORT}`;
const SIZES = [10, 300] as const;
const OPENS = 5;
const KEYSTROKES = 20;
const TARGETS = { openMs: 1_500, keystrokeMs: 50, historyMs: 50 };

type Module = Record<string, unknown>;

/**
 * A valid chain: start, then plays and IVR menus taking turns (every branch of a menu leads
 * on), ending in a busy tone. Every menu waits 8 s, so each has a seconds field to type in.
 */
function chainFlow(moduleCount: number, sounds: readonly string[]): { flow: Record<string, Module>; firstMenu: string } {
  const keys = Array.from({ length: moduleCount }, () => randomUUID());
  const flow: Record<string, Module> = {};
  keys.forEach((key, index) => {
    const next = keys[index + 1] ?? "";
    const sound = sounds[index % sounds.length];
    if (index === 0) flow[key] = { module: "start", next };
    else if (index === moduleCount - 1) flow[key] = { module: "busy" };
    else if (index % 2 === 0)
      flow[key] = { module: "pressextension", duration: 8, sound, next: { "1": next, invalid: next, timeout: next } };
    else flow[key] = { module: "play", sound, next };
  });
  const firstMenu = keys[2];
  if (!firstMenu) throw new Error("a chain needs at least 3 modules");
  return { flow, firstMenu };
}

async function api<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...ACME_API_HEADERS, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: T }).result;
}

async function startServer() {
  // A process group of its own, so that stopping it reaches the app server that serve.ts starts.
  const server = spawn(process.execPath, ["--import", "tsx", "tests/e2e/serve.ts"], {
    env: { ...process.env, E2E_PORT: PORT },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(`${BASE_URL}/sign-in`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (server.exitCode !== null || Date.now() > deadline)
      throw new Error(`the server on port ${PORT} did not start (is there a build?)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // serve.ts drops its database once the app has stopped.
  return async () => {
    if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    await exited;
  };
}

/** In the page: resolves with the time of the first animation frame once the editor is interactive. */
function editorInteractive(moduleCount: number): number | false {
  const nodes = document.querySelectorAll<HTMLElement>(".react-flow__node");
  if (nodes.length !== moduleCount) return false;
  for (const node of nodes) if (node.style.visibility === "hidden") return false;
  const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
  if (!viewport || viewport.style.transform === "translate(0px, 0px) scale(1)") return false;
  if (!document.querySelector('form[aria-label$=" module"] select, form[aria-label$=" module"] input')) return false;
  return performance.now();
}

async function timeOpen(page: Page, url: string, moduleCount: number): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  const ready = await page.waitForFunction(editorInteractive, moduleCount, { polling: "raf", timeout: 30_000 });
  return (await ready.jsonValue()) as number;
}

/** In the page: arms a timer that starts at the next keydown and stops in the frame after the
 * editor's status text changes. */
function armKeystrokeTimer() {
  const status = document.querySelector('[data-testid="editor-status"]');
  if (!status) throw new Error("no editor status");
  const timed = new Promise<number>((resolve, reject) => {
    let keydownAt = 0;
    const before = status.textContent;
    window.addEventListener("keydown", () => (keydownAt = performance.now()), { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (status.textContent === before) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - keydownAt));
    });
    observer.observe(status, { subtree: true, childList: true, characterData: true });
    setTimeout(() => reject(new Error(`the status stayed "${before}"`)), 5_000);
  });
  (window as unknown as { keystrokeTimed: Promise<number> }).keystrokeTimed = timed;
}

/** Presses `keys` in turn in the focused field, each of which must flip the editor's status;
 * `pauseMs` apart when given. */
async function timeKeystrokes(page: Page, keys: readonly string[], pauseMs = 0): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < KEYSTROKES; index++) {
    if (index > 0 && pauseMs > 0) await page.waitForTimeout(pauseMs);
    await page.evaluate(armKeystrokeTimer);
    await page.keyboard.press(keys[index % keys.length] ?? "");
    times.push(await page.evaluate(() => (window as unknown as { keystrokeTimed: Promise<number> }).keystrokeTimed));
  }
  return times;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

type Measurement = {
  modules: number;
  openMs: number;
  nameKeystrokeMs: number;
  secondsKeystrokeMs: number;
  undoMs: number;
  redoMs: number;
};

async function measure(page: Page, accountId: string, moduleCount: number, sounds: readonly string[]): Promise<Measurement> {
  const { flow, firstMenu } = chainFlow(moduleCount, sounds);
  const extension = await api<{ extension: number }>("GET", "/voip/next-extension/flow");
  const created = await api<{ uuid: string }>("POST", "/voip/flow", {
    name: `Bench ${moduleCount}`,
    extension: extension.extension,
    flow,
  });
  const url = `${BASE_URL}/accounts/${accountId}/flows/${created.uuid}`;

  await timeOpen(page, url, moduleCount); // warm-up: the server's first render of this flow
  const opens: number[] = [];
  for (let index = 0; index < OPENS; index++) opens.push(await timeOpen(page, url, moduleCount));

  // The name: a letter makes the flow unsaved, Backspace makes it the saved flow again.
  await page.getByLabel("Name", { exact: true }).focus();
  await page.keyboard.press("End");
  const name = await timeKeystrokes(page, ["x", "Backspace"]);

  // The first menu's wait: "8" is valid, "80" is over the 60 s maximum.
  await page.getByTestId(`node-${firstMenu}`).dispatchEvent("click");
  const seconds = page
    .getByRole("form", { name: "IVR menu module" })
    .getByLabel("How long the menu waits for a key before following timeout (seconds)", { exact: true });
  await seconds.focus();
  await page.keyboard.press("End");
  // Each keystroke a step of the history of its own (and still well within the draft's autosave wait).
  const secondsTimes = await timeKeystrokes(page, ["0", "Backspace"], BURST_PAUSE_MS + 100);
  // Back through those keystrokes and forward again: one history step each.
  const undos = await timeKeystrokes(page, ["Control+z"]);
  const redos = await timeKeystrokes(page, ["Shift+Control+z"]);

  return {
    modules: moduleCount,
    openMs: median(opens),
    nameKeystrokeMs: median(name),
    secondsKeystrokeMs: median(secondsTimes),
    undoMs: median(undos),
    redoMs: median(redos),
  };
}

function report(results: readonly Measurement[]): void {
  const verdict = (value: number, target: number) =>
    `${value.toFixed(value < 100 ? 1 : 0)} ms (< ${target}) ${value < target ? "ok" : "MISSED"}`;
  console.log(
    `Flow editor in Chromium, production build: median of ${OPENS} opens and ${KEYSTROKES} keystrokes per field and per direction of history`,
  );
  console.log(
    `targets: open < ${TARGETS.openMs} ms, keystroke to validation status < ${TARGETS.keystrokeMs} ms, undo and redo < ${TARGETS.historyMs} ms\n`,
  );
  const header = ["modules", "open", "name keystroke", "seconds keystroke", "undo", "redo"];
  console.log(header.map((cell) => cell.padStart(26)).join(""));
  for (const result of results) {
    console.log(
      [
        String(result.modules),
        verdict(result.openMs, TARGETS.openMs),
        verdict(result.nameKeystrokeMs, TARGETS.keystrokeMs),
        verdict(result.secondsKeystrokeMs, TARGETS.keystrokeMs),
        verdict(result.undoMs, TARGETS.historyMs),
        verdict(result.redoMs, TARGETS.historyMs),
      ]
        .map((cell) => cell.padStart(26))
        .join(""),
    );
  }
}

const stopServer = await startServer();
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
try {
  const sounds = (await api<{ uuid: string }[]>("GET", "/voip/sound")).map((sound) => sound.uuid);
  const page = await browser.newPage({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } });
  await signIn(page, "owner@acme.example");
  await page.waitForURL(/\/accounts\/[0-9a-f-]+\/flows$/);
  const accountId = new URL(page.url()).pathname.split("/")[2] ?? "";
  const results: Measurement[] = [];
  for (const size of SIZES) results.push(await measure(page, accountId, size, sounds));
  report(results);
} finally {
  await browser.close();
  await stopServer();
}
