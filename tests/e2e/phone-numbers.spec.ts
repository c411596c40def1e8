import { expect, type Page, test } from "@playwright/test";
import { confirmWith, customerId, expectToast, pick, signInAndWait } from "./helpers";

// Phone numbers are inventory: staff add, assign and release them on their Numbers page (the
// inventory of their whole tree), customers only route them. Demo data: acme holds
// +441632960001 and +441632960002; other-reseller's customer initech holds +15555550123.

function inventoryOf(page: Page) {
  return page.getByRole("region", { name: "Number inventory", exact: true });
}

/** A London number no earlier run against the same server has used, in E.164 and as dialled in Britain. */
function freshNumber(): { e164: string; national: string } {
  const digits = String(Date.now()).slice(-8);
  return { e164: `+4420${digits}`, national: `020 ${digits.slice(0, 4)} ${digits.slice(4)}` };
}

test("a customer routes its numbers but is offered no way to add, assign or remove one, and has no inventory", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
  const numbers = page.getByRole("region", { name: "Phone numbers", exact: true });
  await expect(numbers.getByText("+441632960002", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add, assign or release numbers" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Delete|Assign|Release) / })).toHaveCount(0);

  await numbers.getByRole("button", { name: "Route +441632960002", exact: true }).click();
  const form = numbers.getByRole("form", { name: "Route +441632960002", exact: true });
  await expect(form.getByRole("radio", { name: "Fixed flow" })).toBeChecked();
  await expect(form.getByRole("combobox", { name: "Call flow", exact: true })).toBeVisible();
  await expect(form.getByLabel("Number")).toHaveCount(0);
  await form.getByRole("button", { name: "Cancel" }).click();

  const response = await page.goto("/numbers");
  expect(response?.status()).toBe(404);
});

test("a reseller adds a number in national format, assigns it to a customer, releases it and deletes it, confirming each", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAndWait(page, "reseller@example.com");
  const { e164, national } = freshNumber();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers", exact: true }).click();
  await expect(page).toHaveURL(/\/numbers$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Numbers");
  const inventory = inventoryOf(page);
  // Every number of the tree: acme's demo numbers among them, with who holds them.
  const acmeRow = inventory.getByRole("listitem").filter({ hasText: "+441632960001" });
  await expect(acmeRow.getByTestId("held-by")).toHaveText("Acme Corporation (acme)");

  const add = page.getByRole("form", { name: "Add a number" });
  await add.getByLabel("Number").fill("garbage");
  await add.getByRole("button", { name: "Add number" }).click();
  await expect(add.getByTestId("error-number")).toHaveText("Number: enter a phone number, like 01632 960099 or +441632960099");
  // Another reseller's number is refused without saying whose it is; one of its own tree names the account.
  await add.getByLabel("Number").fill("+15555550123");
  await add.getByRole("button", { name: "Add number" }).click();
  await expect(add.getByTestId("error-number")).toHaveText("The number +15555550123 is not available");
  await add.getByLabel("Number").fill("01632 960001");
  await add.getByRole("button", { name: "Add number" }).click();
  await expect(add.getByTestId("error-number")).toHaveText("The number +441632960001 is already on the account acme");
  // Typed as dialled in Britain (the reseller's country), stored in E.164.
  await add.getByLabel("Number").fill(national);
  await add.getByRole("button", { name: "Add number" }).click();
  await expectToast(page, `Added ${e164} to your stock.`);
  const row = inventory.getByRole("listitem").filter({ hasText: e164 });
  await expect(row.getByTestId("held-by")).toHaveText("Unassigned");

  await row.getByRole("button", { name: `Assign ${e164}` }).click();
  const assign = inventory.getByRole("form", { name: `Assign ${e164}` });
  await pick(assign, "Assign to", "glob", "globex");
  await assign.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("alertdialog")).toContainText(`Assign ${e164} to globex?`);
  await confirmWith(page, "Assign number");
  await expectToast(page, `Assigned ${e164} to globex.`);
  await expect(row.getByTestId("held-by")).toHaveText("Globex Corporation (globex)");

  // Filtered to one customer, then to the stock.
  await page.getByLabel("Show").selectOption({ label: "Held by a customer…" });
  await pick(inventory, "Customer", "glob", "globex");
  await expect(inventory.getByTestId("held-by").filter({ hasNotText: "globex" })).toHaveCount(0);
  await expect(row).toBeVisible();
  const globex = await customerId(page, "globex");
  await page.goto(`/accounts/${globex}/numbers`);
  await expect(page.getByRole("region", { name: "Phone numbers" }).getByText(e164, { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Add, assign or release numbers" }).click();
  await expect(page.getByRole("combobox", { name: "Customer", exact: true })).toHaveValue("globex");

  await row.getByRole("button", { name: `Release ${e164}` }).click();
  await expect(page.getByRole("alertdialog")).toContainText(`Release ${e164} from Globex Corporation (globex)?`);
  await confirmWith(page, "Release number");
  await expectToast(page, `Released ${e164} from globex to the stock.`);
  await expect(row).toHaveCount(0);
  await page.getByLabel("Show").selectOption({ label: "Unassigned (your stock)" });
  await expect(row.getByTestId("held-by")).toHaveText("Unassigned");
  await expect(inventory.getByTestId("held-by").filter({ hasNotText: "Unassigned" })).toHaveCount(0);

  await row.getByRole("button", { name: `Delete ${e164}` }).click();
  await confirmWith(page, "Delete number");
  await expectToast(page, `Deleted ${e164}.`);
  await expect(row).toHaveCount(0);
});
