import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The import wizard as a reseller uses it: template, upload a file whose headers differ, map them,
// read the dry run's report (nothing written), apply, and follow the run the server works to its
// results, then find the new customer in the list.
const expect = baseExpect.configure({ timeout: 45_000 });

test("a reseller imports customers from a CSV: maps columns, checks, applies and reads the results", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const good = `wizard-${suffix}`;
  await signIn(page, "reseller@example.com");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import and export" }).click();

  const wizard = page.getByRole("region", { name: "Import from CSV" });
  await expect(wizard.getByRole("link", { name: "Download the template" })).toHaveAttribute("download", "customers-template.csv");
  const csv = `Customer handle,Company\n${good},Wizard Ltd\nNot A Handle,Bad Ltd\n`;
  await wizard.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await wizard.getByLabel("“Customer handle” is").selectOption("name");
  await wizard.getByLabel("“Company” is").selectOption("display_name");

  await wizard.getByRole("button", { name: "Check (dry run)" }).click();
  const report = wizard.getByRole("region", { name: "Dry run: nothing was written" });
  await expect(report.getByTestId("import-counts")).toHaveText("2 rows: 1 created, 0 updated, 0 unchanged, 1 failed");
  await expect(report.getByRole("row", { name: /3 name/ })).toBeVisible();

  await wizard.getByRole("button", { name: "Apply the import" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  const results = page.getByRole("region", { name: "Results" });
  await expect(results.getByTestId("import-counts")).toHaveText("2 rows: 1 created, 0 updated, 0 unchanged, 1 failed");
  await expect(page.getByText("2 of 2 rows applied")).toBeVisible();

  await page.goto("/customers");
  await page.getByLabel(/Search/).fill(good);
  await expect(page.getByRole("link", { name: good })).toBeVisible();
});
