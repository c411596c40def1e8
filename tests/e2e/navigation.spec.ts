import { expect, type Page, test } from "@playwright/test";
import { customerId, DESKTOP, PHONE, scrollsSideways, signInAtAnyWidth } from "./helpers";

// The sidebar names the pages each role has (components/shell/navigation.ts); below 768 px it is
// a menu behind a button.

const ENTRIES = {
  "owner@acme.example": [
    "Home",
    "Call flows",
    "Calls",
    "Numbers",
    "Schedules",
    "Sounds",
    "Extensions",
    "Users",
    "API users",
    "Webhooks",
    "My account",
  ],
  "reseller@example.com": [
    "Customers",
    "Call overview",
    "Plans",
    "Import and export",
    "Numbers",
    "Templates",
    "Users",
    "API users",
    "Webhooks",
    "Branding",
    "Audit log",
    "API usage",
    "My account",
  ],
  "admin@example.com": ["Resellers", "Plans", "Numbers", "Templates", "Users", "Audit log", "API usage", "My account"],
} as const;

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test.describe("at 1440 px", () => {
  test.use({ viewport: DESKTOP });

  for (const [email, entries] of Object.entries(ENTRIES)) {
    test(`${email} finds every page of the role in the sidebar, the current one marked`, async ({ page }) => {
      await signInAtAnyWidth(page, email);
      await expect(mainNav(page).getByRole("link")).toHaveText([...entries]);
      await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
      // The home page is the first entry, and the sidebar says so.
      await expect(mainNav(page).getByRole("link", { name: entries[0], exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.getByTestId("signed-in-as")).toBeVisible();
    });
  }

  test("a reseller acting for a customer gets the customer's pages in the sidebar, and no second row of links", async ({
    page,
  }) => {
    await signInAtAnyWidth(page, "reseller@example.com");
    const acme = await customerId(page, "acme");
    await page.goto(`/accounts/${acme}/flows`);
    const account = page.getByRole("navigation", { name: "Account" });
    await expect(account).toContainText("Acting for");
    await expect(account).toContainText("acme");
    await expect(account.getByRole("link")).toHaveText([
      "Home",
      "Call flows",
      "Calls",
      "Numbers",
      "Schedules",
      "Sounds",
      "Extensions",
      "Users",
      "Webhooks",
    ]);
    await expect(account.getByRole("link", { name: "Call flows" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("navigation")).toHaveCount(2);
    await account.getByRole("link", { name: "Extensions" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Extensions of acme");
    await expect(account.getByRole("link", { name: "Extensions" })).toHaveAttribute("aria-current", "page");
    // The account's home is current on its own page only, though every page's path starts with it.
    await expect(account.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current", "page");
    await account.getByRole("link", { name: "Home" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Home of acme");
    await expect(account.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await expect(account.getByRole("link", { name: "Extensions" })).not.toHaveAttribute("aria-current", "page");
  });

  test("the admin's resellers list links each reseller to its pages", async ({ page }) => {
    await signInAtAnyWidth(page, "admin@example.com");
    await page.getByRole("table", { name: "Resellers" }).getByRole("link", { name: "demo-reseller", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Numbers of demo-reseller");
    await expect(page.getByTestId("acting-banner")).toContainText("Acting for demo-reseller");
    // A reseller's account has its Branding page among its pages, where the admin approves its hostnames.
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Branding" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Branding");
  });
});

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });

  for (const [email, entries] of Object.entries(ENTRIES)) {
    test(`${email} opens the menu and finds every page of the role there`, async ({ page }) => {
      await signInAtAnyWidth(page, email);
      await expect(mainNav(page)).toBeHidden();
      expect(await scrollsSideways(page)).toBe(false);

      await page.getByRole("button", { name: "Menu", exact: true }).click();
      const menu = page.getByRole("dialog", { name: "Menu" });
      await expect(menu).toBeVisible();
      await expect(menu.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([...entries]);
      await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();

      // Following an entry closes the menu on the page it names.
      await menu.getByRole("link", { name: "My account", exact: true }).click();
      await expect(menu).toBeHidden();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
      // So does following the entry of the page already shown.
      await page.getByRole("button", { name: "Menu", exact: true }).click();
      await menu.getByRole("link", { name: "My account", exact: true }).click();
      await expect(menu).toBeHidden();

      // Escape closes it too, and the focus returns to the button.
      await page.getByRole("button", { name: "Menu", exact: true }).click();
      await expect(menu).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeFocused();
    });
  }
});
