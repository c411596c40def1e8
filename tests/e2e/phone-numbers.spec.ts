import { expect, type Page, test } from "@playwright/test";
import { confirmWith, customerId, pick, signInAndWait } from "./helpers";

// Phone numbers are inventory: staff add and assign them, customers only route them. Demo data:
// acme holds +441632960001 and +441632960002; other-reseller's customer initech holds +15555550123.

function numbersOf(page: Page) {
  return page.getByRole("region", { name: "Phone numbers", exact: true });
}

/** A number no earlier run against the same server has used. */
function freshNumber(): string {
  return `+44207${String(Date.now()).slice(-7)}`;
}

test("a customer routes its numbers but is offered no way to add, assign or remove one", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
  const numbers = numbersOf(page);
  await expect(numbers.getByRole("cell", { name: "+441632960002", exact: true })).toBeVisible();
  await expect(numbers.getByRole("form", { name: "Add a phone number" })).toHaveCount(0);
  await expect(numbers.getByRole("form", { name: "Assign a number" })).toHaveCount(0);
  await expect(numbers.getByRole("button", { name: /^Delete / })).toHaveCount(0);

  await numbers.getByRole("button", { name: "Edit +441632960002", exact: true }).click();
  const edit = numbers.getByRole("form", { name: "Edit +441632960002", exact: true });
  await expect(edit.getByLabel("Call flow")).toBeFocused();
  await expect(edit.getByLabel("Number")).toHaveCount(0);
  await edit.getByRole("button", { name: "Cancel" }).click();
});

test("a reseller adds a number for a customer, moves it to another, releases it to its inventory and removes it", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAndWait(page, "reseller@example.com");
  const acme = await customerId(page, "acme");
  const globex = await customerId(page, "globex");
  const number = freshNumber();

  await page.goto(`/accounts/${acme}/numbers`);
  const numbers = numbersOf(page);
  const add = numbers.getByRole("form", { name: "Add a phone number" });
  await add.getByLabel("Number").fill(number);
  await add.getByRole("button", { name: "Add phone number" }).click();
  await expect(numbers.getByRole("cell", { name: number, exact: true })).toBeVisible();

  // Another reseller's number is refused without saying whose it is; one of its own tree names the account.
  await add.getByLabel("Number").fill("+15555550123");
  await add.getByRole("button", { name: "Add phone number" }).click();
  await expect(add.getByTestId("error-number")).toHaveText("The number +15555550123 is not available");
  await add.getByLabel("Number").fill("+441632960001");
  await add.getByRole("button", { name: "Add phone number" }).click();
  await expect(add.getByTestId("error-number")).toHaveText("The number +441632960001 is already on the account acme");

  const assign = numbers.getByRole("form", { name: "Assign a number" });
  await pick(assign, "Number", number, number);
  await pick(assign, "Assign to", "glob", "globex");
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(numbers.getByTestId("phone-number-assignment-message")).toHaveText(`Moved ${number} to globex.`);
  await expect(numbers.getByRole("cell", { name: number, exact: true })).toHaveCount(0);

  await page.goto(`/accounts/${globex}/numbers`);
  await expect(numbers.getByRole("cell", { name: number, exact: true })).toBeVisible();
  await pick(assign, "Number", number, number);
  await pick(assign, "Assign to", "", "Release to the reseller's inventory");
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(numbers.getByTestId("phone-number-assignment-message")).toHaveText(
    `Released ${number} to the reseller's inventory.`,
  );

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Numbers of demo-reseller");
  await expect(numbers.getByRole("cell", { name: number, exact: true })).toBeVisible();
  await numbers.getByRole("button", { name: `Delete ${number}`, exact: true }).click();
  await confirmWith(page, "Delete phone number");
  await expect(numbers.getByTestId("phoneNumbers-message")).toHaveText(`Deleted the phone number "${number}".`);
  await expect(numbers.getByRole("cell", { name: number, exact: true })).toHaveCount(0);
});
