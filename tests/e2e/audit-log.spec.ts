import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signInAndWait } from "./helpers";

test("an admin finds a change in the audit log, sees what changed, verifies the chain and exports CSV", async ({ page }) => {
  await signInAndWait(page, "admin@example.com");
  const name = `audited-${Date.now()}`;
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("User email").fill(`${name}@example.com`);
  await page.getByLabel("User name").fill("Audited Reseller");
  await page.getByLabel("Initial password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Create reseller" }).click();
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").fill("account.create");
  // Who acted: a suggestion, or (Enter) anyone whose label contains what was typed.
  const actor = page.getByRole("combobox", { name: "Actor", exact: true });
  await actor.fill("admin@example.com");
  await actor.press("Enter");
  await expect(actor).toHaveValue('Anyone whose name contains "admin@example.com"');
  await page.getByRole("button", { name: "Apply filters" }).click();
  const events = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(events.nth(1)).toContainText("account.create");
  await expect(events.nth(1)).toContainText("admin@example.com");

  await events.nth(1).getByRole("button", { name: "Show changes" }).click();
  await expect(page.getByTestId("diff")).toContainText(name);

  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByTestId("chain-result")).toContainText("The chain is intact");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("audit-log.csv");
  // The download is the streamed export of the filtered events: a header, then this event.
  const csv = await readFile(await file.path(), "utf8");
  expect(csv.startsWith('"id","occurredAt"')).toBe(true);
  expect(csv).toContain(name);
});

test("a reseller reads its own tree's audit log, without another tree's events or the chain check", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  const name = `audited-${Date.now()}`;
  await page.goto("/customers");
  await page.getByLabel("Account name").fill(name);
  await page.getByLabel("Contact name").fill("Audited Customer");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  const events = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(events.nth(1)).toContainText("account.create");
  await events.nth(1).getByRole("button", { name: "Show changes" }).click();
  await expect(page.getByTestId("diff")).toContainText(name);
  // Accounts of the other reseller's tree never appear, and checking the whole chain is the admin's.
  await expect(page.getByRole("table", { name: "Audit events" })).not.toContainText(/other-reseller|initech/);
  await expect(page.getByRole("button", { name: "Verify the chain" })).toHaveCount(0);
});

test("customers get not found for the audit log", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(404);
});
