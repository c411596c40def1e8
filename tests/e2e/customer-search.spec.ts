import { expect, test } from "@playwright/test";
import { signInAndWait } from "./helpers";

// demo-reseller's customers are acme and globex (prisma/demo-data.ts); initech belongs to another reseller.

test("a reseller finds a customer by part of its name", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/customers");
  const customers = page.getByRole("table", { name: "Customers" });
  await expect(customers.getByRole("link", { name: "acme", exact: true })).toBeVisible();

  const search = page.getByLabel("Search customers by name");
  await search.fill("LOBE");
  await expect(customers.getByRole("link", { name: "globex", exact: true })).toBeVisible();
  await expect(customers.getByRole("link", { name: "acme", exact: true })).toHaveCount(0);

  await search.fill("initech");
  await expect(page.getByText("No customer matches.")).toBeVisible();
  await expect(page.getByRole("link", { name: "initech" })).toHaveCount(0);

  await search.fill("");
  await expect(customers.getByRole("link", { name: "acme", exact: true })).toBeVisible();
  await customers.getByRole("link", { name: "globex", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("globex");
  await expect(page.getByRole("table", { name: "Users" })).toContainText("owner@globex.example");
});
