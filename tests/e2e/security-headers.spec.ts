import { expect, type Page, test } from "@playwright/test";
import { customerId, signInAndWait } from "./helpers";

// The headers of the production build (proxy.ts), and the portal working under its policy: no
// page may have anything refused by the Content-Security-Policy.

function scriptSources(policy: string | undefined): string[] {
  const directive = policy
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("script-src "));
  return directive?.split(/\s+/).slice(1) ?? [];
}

function nonceOf(policy: string | undefined): string | undefined {
  return /'nonce-([^']+)'/.exec(scriptSources(policy).join(" "))?.[1];
}

test("pages carry a script policy with a fresh nonce on every script, and no HSTS over plain http", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const policy = first.headers()["content-security-policy"];
  const sources = scriptSources(policy);
  expect(sources).not.toContain("'unsafe-inline'");
  expect(sources).toContain("'strict-dynamic'");
  const nonce = nonceOf(policy);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);

  // Every script of the page is Next's, and each carries this response's nonce.
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  // Claiming https is not enough without a trusted proxy (TRUST_PROXY_HOPS is unset here).
  const claimed = await request.get("/sign-in", { headers: { "X-Forwarded-Proto": "https" } });
  expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
  expect(nonceOf(claimed.headers()["content-security-policy"])).toBeTruthy();
});

/** Collects whatever the browser reports the policy refused, from the console and the DOM event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate|connect)/i.test(message.text()))
      violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

test("the main pages run under the policy with nothing refused", async ({ page }) => {
  test.setTimeout(90_000);
  const violations = await watchViolations(page);

  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // next-auth's own pages send the browser to the portal's sign-in page.
  await page.goto("/api/auth/signin");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInAndWait(page, "owner@acme.example");
  // The home page: what is live now.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Home of acme");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows", exact: true }).click();
  await page.getByRole("link", { name: "Call Pete", exact: true }).click();
  // The graph (React Flow) and the module forms are client code: both must have run.
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page.getByRole("form", { name: "Call flow settings" })).toBeVisible();
  await page.getByRole("tab", { name: "JSON" }).click();
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
  await expect(page.getByRole("region", { name: "Phone numbers", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInAndWait(page, "reseller@example.com");
  const acme = await customerId(page, "acme");
  await page.goto(`/customers/${acme}`);
  await page.goto(`/accounts/${acme}/numbers`);
  await expect(page.getByRole("region", { name: "Phone numbers", exact: true })).toBeVisible();
  await page.goto("/numbers");
  await expect(page.getByRole("form", { name: "Add a number" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInAndWait(page, "admin@example.com");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.goto("/admin/resellers");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  expect(violations).toEqual([]);
});
