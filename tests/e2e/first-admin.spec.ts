import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { createScratchDatabase, type ScratchDatabase } from "@/tests/support/scratch-database";
import { bareEnvironment, freePort, type LaunchedScript, runScript } from "@/tests/support/launch";

// A real deployment's first hour, on each database the README offers: `npm run admin:create`
// prints a one-time link, the admin sets a password there and signs in under `npm start`, then
// invites a user who does the same. On the embedded database, admin:create refuses at once while
// the portal holds the folder, and says what to do.

const run = promisify(execFile);
const SECRET = "first-admin-e2e-secret-0123456789abcdef-not-for-production";
const PASSWORD = "a long and private passphrase";
/** Every password check costs OWASP's scrypt (128 MiB): give it time on a busy machine. */
const HASHING = { timeout: 60_000 };

test.describe.configure({ timeout: 360_000 });

/** A database the README offers, its settings for the portal's commands, and how to prepare and drop it. */
type Database = { settings: Record<string, string>; prepare: () => Promise<void>; drop: () => Promise<void> };

async function postgresDatabase(): Promise<Database> {
  const scratch: ScratchDatabase = await createScratchDatabase("first_admin");
  const settings = { DATABASE_URL: scratch.url };
  return {
    settings,
    // As the README's production steps do, before anything else.
    prepare: async () => void (await npm(["run", "db:deploy"], settings)),
    drop: () => scratch.drop(),
  };
}

async function embeddedDatabase(): Promise<Database> {
  const folder = mkdtempSync(path.join(tmpdir(), "first-admin-"));
  return {
    settings: { EMBEDDED_DB_DIR: path.join(folder, "pglite") },
    prepare: async () => {},
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function npm(args: string[], settings: Record<string, string>) {
  return run("npm", args, { env: bareEnvironment({ NEXTAUTH_SECRET: SECRET, ...settings }), timeout: 120_000 });
}

/** `npm run admin:create -- EMAIL NAME`, and the one-time link it prints. */
async function adminCreate(email: string, settings: Record<string, string>): Promise<string> {
  const { stdout } = await npm(["run", "admin:create", "--", email, "First Admin"], settings);
  const link = stdout.match(/https?:\/\/\S+\/set-password\?token=\S+/)?.[0];
  expect(link, stdout).toBeTruthy();
  return link!;
}

async function setPasswordAndSignIn(page: Page, link: string, email: string) {
  await page.goto(link);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("password-set")).toContainText(email, HASHING);
  await page.goto(new URL("/sign-in", link).toString());
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible(HASHING);
}

async function waitForSignInPage(url: string, portal: LaunchedScript) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (portal.process.exitCode !== null) throw new Error(`npm start exited with ${portal.process.exitCode}`);
    if ((await fetch(`${url}/sign-in`).catch(() => null))?.status === 200) return;
    if (Date.now() > deadline) throw new Error("npm start did not serve /sign-in within 120 s");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

for (const [name, open] of [
  ["PostgreSQL", postgresDatabase],
  ["the embedded database", embeddedDatabase],
] as const) {
  test(`on ${name}: admin:create's link, then an invitation's link, each set a password that signs in`, async ({ page }) => {
    const database = await open();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    Object.assign(database.settings, { NEXTAUTH_URL: url, PORT: String(port), HOST: "127.0.0.1" });
    let portal: LaunchedScript | undefined;
    try {
      await database.prepare();
      const adminEmail = `admin-${Date.now()}@example.com`;
      const adminLink = await adminCreate(adminEmail, database.settings);
      expect(adminLink.startsWith(`${url}/set-password?token=`)).toBe(true);

      portal = runScript("start", { env: bareEnvironment({ NEXTAUTH_SECRET: SECRET, ...database.settings }), stdio: "ignore" });
      await waitForSignInPage(url, portal);

      if (database.settings.EMBEDDED_DB_DIR) {
        // The running portal holds the folder: a second admin:create stops at once and says why.
        const started = Date.now();
        const refused = await adminCreate("second@example.com", database.settings).catch(
          (error: { stderr?: string; code?: number }) => error,
        );
        expect(typeof refused).toBe("object");
        const failure = refused as { stderr?: string; code?: number };
        expect(failure.code).toBe(1);
        expect(failure.stderr).toContain("is open in another process");
        expect(failure.stderr).toContain("stop that process first");
        expect(Date.now() - started).toBeLessThan(30_000);
      }

      await setPasswordAndSignIn(page, adminLink, adminEmail);

      const invitedEmail = `invited-${Date.now()}@example.com`;
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true }).click();
      // The resellers page it leaves has a "User email" field of its own: fill the Users page's.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
      await page.getByLabel("Email").fill(invitedEmail);
      await page.getByLabel("Name", { exact: true }).fill("Invited Admin");
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      await expect(page.getByTestId("invite-link-url")).toContainText("/set-password?token=");
      const invitationLink = (await page.getByTestId("invite-link-url").textContent())!;
      expect(invitationLink.startsWith(`${url}/set-password?token=`)).toBe(true);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/sign-in$/);

      await setPasswordAndSignIn(page, invitationLink, invitedEmail);
      await expect(page.getByTestId("signed-in-as")).toContainText("Invited Admin");
    } finally {
      portal?.signal("SIGTERM");
      await portal?.exited;
      await database.drop();
    }
  });
}
