import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAndWait(page: Page, email: string, password = DEMO_PASSWORD) {
  await signIn(page, email, password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

/** The id of a customer, read the way a reseller finds it: from its link in the list. */
export async function customerId(page: Page, name: string): Promise<string> {
  await page.goto("/customers");
  const href = await page.getByRole("link", { name, exact: true }).getAttribute("href");
  const id = href?.split("/").pop();
  if (!id) throw new Error(`no link for customer ${name}`);
  return id;
}

/**
 * Picks an option of a searchable picker (components/async-picker.tsx) as a person does: types
 * part of its name, then clicks the option found. An empty search lists from the first page.
 */
export async function pick(scope: Page | Locator, label: string, search: string, option: string) {
  const box = scope.getByRole("combobox", { name: label, exact: true });
  await box.fill(search);
  if (search === "") await box.click();
  await scope.getByRole("listbox").getByRole("option", { name: option, exact: true }).click();
  await expect(box).toHaveValue(option);
}
