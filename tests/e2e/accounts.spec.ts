import { expect, test } from "@playwright/test";
import { customerId, DEMO_PASSWORD, signIn, signInAndWait } from "./helpers";

test("a reseller creates a customer, sees it listed, and gets field errors for bad input", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/customers");

  await page.getByLabel("Account name").fill("Not Valid!");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByTestId("error-name")).toContainText("Use lower-case letters");

  await page.getByLabel("Account name").fill("acme");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByTestId("error-name")).toHaveText("An account with this name already exists");

  const name = `wayne-${Date.now()}`;
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("Contact name").fill("Bruce Wayne");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Customer ${name} created.` })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  await page.reload();
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByLabel("Contact name")).toHaveValue("Bruce Wayne");
});

test("a customer cannot reach a sibling customer's pages by URL", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  const globex = await customerId(page, "globex");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInAndWait(page, "owner@acme.example");
  for (const path of [`/customers/${globex}`, "/customers", "/admin/resellers"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByText("This page could not be found")).toBeVisible();
    await expect(page.getByText("globex")).toHaveCount(0);
  }
});

test("another reseller's customer is not found, exactly like a customer that does not exist", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  const acme = await customerId(page, "acme");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInAndWait(page, "reseller@other.example");
  const foreign = await page.goto(`/customers/${acme}`);
  expect(foreign?.status()).toBe(404);
  await expect(page.getByText("acme")).toHaveCount(0);
  const missing = await page.goto("/customers/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
});

test("an admin creates a reseller whose user can then sign in", async ({ page }) => {
  await signInAndWait(page, "admin@example.com");
  const name = `new-reseller-${Date.now()}`;
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("Contact name").fill("New Reseller");
  await page.getByLabel("User email").fill(`${name}@example.com`);
  await page.getByLabel("User name").fill("New Reseller");
  await page.getByLabel("Initial password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Create reseller" }).click();
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, `${name}@example.com`);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByText("No customers yet")).toBeVisible();
});

test("a reseller acting for a customer sees whom it acts for on every page until it leaves", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/customers");
  await page.getByRole("link", { name: "acme", exact: true }).click();
  await page.getByRole("link", { name: "Open acme's call flows" }).click();
  const banner = page.getByTestId("acting-banner");
  await expect(banner).toContainText("Acting for acme");
  await page.getByRole("link", { name: "Call Pete", exact: true }).click();
  await expect(page.getByTestId("flow-graph")).toBeVisible();
  await expect(banner).toContainText("Acting for acme");
  // The sidebar lists acme's pages while the reseller acts for it.
  const account = page.getByRole("navigation", { name: "Account" });
  await expect(account).toContainText("acme");
  await account.getByRole("link", { name: "Numbers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Numbers of acme");
  await expect(banner).toContainText("Acting for acme");
  await banner.getByRole("link", { name: "Leave" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("acme");
  await expect(page.getByTestId("acting-banner")).toHaveCount(0);
});

test("customers show their display name beside the handle, and a new one takes one", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/customers");
  const customers = page.getByRole("table", { name: "Customers" });
  await expect(customers.getByRole("row").filter({ hasText: "acme" })).toContainText("Acme Corporation");

  const name = `shown-${Date.now()}`;
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("Display name").fill("Shown Corporation");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(customers.getByRole("row").filter({ hasText: name })).toContainText("Shown Corporation");
  await customers.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Shown Corporation", { exact: true })).toBeVisible();
});
