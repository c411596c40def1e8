import AxeBuilder from "@axe-core/playwright";
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

/** The widths every page is designed for: a laptop, and a phone (where the sidebar is a menu). */
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Signs in at any width: on a phone the sidebar (and who is signed in) hides behind the Menu button. */
export async function signInAtAnyWidth(page: Page, email: string) {
  await signIn(page, email);
  await expect(
    page.getByRole("navigation", { name: "Main" }).or(page.getByRole("button", { name: "Menu", exact: true })),
  ).toBeVisible();
}

/** Whether the page scrolls sideways: it must not, at any width it is designed for. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** What axe finds serious or critical on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The UUIDs a person can read on the page: in its rendered text and in the fields shown. */
export async function uuidsShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")]
      .filter((field) => field.checkVisibility())
      .map((field) => field.value);
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what a person reads; hidden text is not.
    return [document.body.innerText, ...fields].join("\n");
  });
  return [...new Set(text.match(UUID) ?? [])];
}

/** Answers the portal's confirmation dialog by its confirming button, and waits for it to close. */
export async function confirmWith(page: Page, confirmLabel: string) {
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: confirmLabel, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** Waits for a passing confirmation (a sonner toast) that says `text`. */
export async function expectToast(page: Page, text: string) {
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: text }).first()).toBeVisible();
}
