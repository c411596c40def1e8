import { expect, type Page, test } from "@playwright/test";
import { customerId, DESKTOP, openFromSidebar, PHONE, signInAtAnyWidth } from "./helpers";

// The main pages as pictures, compared with the ones committed beside this file
// (tests/e2e/__screenshots__): a change of look shows up as a failing comparison, to be looked at
// and, when intended, accepted with `npx playwright test tests/e2e/screenshots.spec.ts
// --update-snapshots`. This file runs first, in its own project (playwright.config.ts), so the
// pages hold the demo data as seeded and nothing the other tests add.

type Shot = { name: string; open: (page: Page) => Promise<void> };

/** Opens a sidebar entry (behind the menu on a phone) and waits for its lists. */
async function openPage(page: Page, entry: string) {
  await openFromSidebar(page, entry);
  await settle(page);
}

async function settle(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.getByText(/^(Loading|Checking)\b/)).toHaveCount(0);
  await page.waitForLoadState("networkidle");
}

const CUSTOMER_SHOTS: Shot[] = [
  { name: "customer-call-flows", open: (page) => openPage(page, "Call flows") },
  {
    name: "customer-flow-editor",
    open: async (page) => {
      await openPage(page, "Call flows");
      await page.getByRole("link", { name: "Call Pete", exact: true }).click();
      await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
      await settle(page);
      // The graph's modules; a phone reads the flow as a list of steps instead.
      await expect(
        page
          .getByTestId("flow-graph")
          .locator(".react-flow__node")
          .first()
          .or(page.getByRole("tab", { name: "Steps", selected: true })),
      ).toBeVisible();
      await page.waitForLoadState("networkidle");
    },
  },
  { name: "customer-numbers", open: (page) => openPage(page, "Numbers") },
  { name: "customer-schedules", open: (page) => openPage(page, "Schedules") },
  { name: "customer-sounds", open: (page) => openPage(page, "Sounds") },
];

const RESELLER_SHOTS: Shot[] = [
  { name: "reseller-customers", open: (page) => openPage(page, "Customers") },
  {
    name: "reseller-customer",
    open: async (page) => {
      await page.goto(`/customers/${await customerId(page, "acme")}`);
      await settle(page);
    },
  },
  { name: "reseller-templates", open: (page) => openPage(page, "Templates") },
  { name: "reseller-plans", open: (page) => openPage(page, "Plans") },
];

/** What changes from run to run however the page looks: times and dates. */
function volatile(page: Page) {
  return [page.locator("time"), page.getByText(/\b\d{1,2}:\d{2}\b|\b20\d\d-\d\d-\d\d\b|\b\d{1,2} \w{3} 20\d\d\b|\bago\b/)];
}

for (const [width, viewport] of [
  ["1440", DESKTOP],
  ["390", PHONE],
] as const) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport });

    test("the sign-in page looks as it did", async ({ page }) => {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expect(page).toHaveScreenshot(`sign-in-${width}.png`, { fullPage: true });
    });

    for (const [email, shots] of [
      ["owner@acme.example", CUSTOMER_SHOTS],
      ["reseller@example.com", RESELLER_SHOTS],
    ] as const) {
      test(`the main pages of ${email} look as they did`, async ({ page }) => {
        test.setTimeout(180_000);
        await signInAtAnyWidth(page, email);
        for (const shot of shots) {
          await shot.open(page);
          await expect.soft(page).toHaveScreenshot(`${shot.name}-${width}.png`, { fullPage: true, mask: volatile(page) });
        }
      });
    }
  });
}
