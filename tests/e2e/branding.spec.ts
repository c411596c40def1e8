import { type Browser, chromium, expect, type Page, test } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./chromium";
import { confirmWith, DEMO_PASSWORD, seriousAccessibilityViolations, signInAndWait } from "./helpers";

// A reseller brands its portal and serves it on its own hostname. The browser reaches that
// hostname as a real one: Chromium maps the name to this machine (--host-resolver-rules), so the
// server sees it in the Host header exactly as behind DNS, and the session cookie is that host's.

const HOSTNAME = "portal.demo-reseller.example";
const PRODUCT = "Demo Voice";
const port = Number(process.env.E2E_PORT ?? 3100);
const customDomainUrl = `http://${HOSTNAME}:${port}`;

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGOQzfYnCTGMahjVMHw1AAAcV9cBqwv9kQAAAABJRU5ErkJggg==",
  "base64",
);

test.describe.configure({ mode: "serial" });

let brandingPath = "";
let domainBrowser: Browser;

test.beforeAll(async () => {
  domainBrowser = await chromium.launch({
    ...CHROMIUM_LAUNCH_OPTIONS,
    args: [...(CHROMIUM_LAUNCH_OPTIONS.args ?? []), `--host-resolver-rules=MAP ${HOSTNAME} 127.0.0.1`],
  });
});

test.afterAll(async ({ browser }) => {
  await domainBrowser.close();
  // Leave the demo reseller as the other specs expect it: no brand of its own, no domain.
  if (!brandingPath) return;
  const page = await browser.newPage();
  await signInAndWait(page, "reseller@example.com");
  await page.goto(brandingPath);
  const domain = page.getByTestId("custom-domain").filter({ hasText: HOSTNAME });
  if (await domain.count()) {
    await domain.getByRole("button", { name: "Remove" }).click();
    await confirmWith(page, "Remove hostname");
    await expect(domain).toHaveCount(0);
  }
  const reset = page.getByRole("button", { name: "Use the brand above instead" });
  if (await reset.count()) {
    await reset.click();
    await confirmWith(page, "Remove my brand");
    await expect(page.getByText("Inherited: not set for this account yet")).toBeVisible();
  }
  await page.close();
});

async function signInOnDomain(page: Page, email: string) {
  await page.goto(`${customDomainUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a reseller sets its brand with a live preview; a colour under AA contrast is refused with its ratio", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Branding" }).click();
  await expect(page.getByRole("heading", { name: "Branding", level: 1 })).toBeVisible();
  brandingPath = new URL(page.url()).pathname;

  await page.getByLabel("Product name").fill(PRODUCT);
  await expect(page.getByTestId("preview-product-name")).toHaveText(PRODUCT);
  await page.getByLabel("Primary colour", { exact: true }).fill("#ffff00");
  await page.getByRole("button", { name: "Save brand" }).click();
  await expect(page.getByTestId("error-primaryColor")).toContainText("1.07:1");
  await expect(page.getByTestId("error-primaryColor")).toContainText("4.5:1");

  await page.getByLabel("Primary colour", { exact: true }).fill("#0b3d2e");
  await page.getByLabel("Accent colour", { exact: true }).fill("#1d6b4f");
  await page.getByLabel("Support email").fill("help@demo-voice.example");
  await page.getByLabel("Sign-in message").fill("Welcome to Demo Voice.");
  await page.getByRole("button", { name: "Save brand" }).click();
  await expect(page.getByText("Brand saved.")).toBeVisible();

  await page.getByLabel("Logo", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByRole("img", { name: "Current logo" })).toBeVisible();

  // The reseller's own portal shows the brand once the page is loaded again.
  await page.reload();
  await expect(page.getByTestId("brand").first()).toContainText(PRODUCT);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test("an admin approves the reseller's hostname", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto(brandingPath);
  await page.getByLabel("Hostname").fill(HOSTNAME);
  await page.getByRole("button", { name: "Add hostname" }).click();
  const domain = page.getByTestId("custom-domain").filter({ hasText: HOSTNAME });
  await expect(domain.getByText("Waiting for verification")).toBeVisible();
  await expect(domain.getByText(`_portal-verify.${HOSTNAME}`)).toBeVisible();
  await expect(domain.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await page.context().clearCookies();
  await signInAndWait(page, "admin@example.com");
  await page.goto(brandingPath);
  await domain.getByRole("button", { name: "Approve" }).click();
  await expect(domain.getByText("Active (approved)")).toBeVisible();
});

test("on the custom domain: the brand before sign-in, only the reseller's customers get in, and they see the brand", async () => {
  const context = await domainBrowser.newContext();
  const page = await context.newPage();
  await page.goto(`${customDomainUrl}/sign-in`);
  await expect(page.getByTestId("auth-brand")).toHaveText(PRODUCT);
  await expect(page.getByRole("img", { name: `${PRODUCT} logo` })).toBeVisible();
  await expect(page.getByText("Welcome to Demo Voice.")).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(PRODUCT));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Another reseller's customer, with the right password: the same answer as a wrong one.
  await signInOnDomain(page, "owner@initech.example");
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");

  await signInOnDomain(page, "owner@acme.example");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await expect(page.getByTestId("brand").first()).toContainText(PRODUCT);
  await expect(page.getByRole("img", { name: `${PRODUCT} logo` }).first()).toBeVisible();
  await expect(page.getByTestId("brand-footer")).toContainText("help@demo-voice.example");
  await expect(page.getByTestId("brand-footer")).toContainText("Powered by Call Flow Portal");
  // The colours are the brand's, through the design tokens.
  const sidebar = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--color-sidebar").trim(),
  );
  expect(sidebar).toBe("#0b3d2e");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toMatch(/^\/brand\/[0-9a-f-]+\/logo\?v=\d+$/);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await context.close();
});

test("the platform's own host keeps the platform's brand, and everyone signs in there", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByTestId("auth-brand")).toHaveText("Call Flow Portal");
  await signInAndWait(page, "owner@initech.example");
  await expect(page.getByTestId("brand").first()).toContainText("Call Flow Portal");
});
