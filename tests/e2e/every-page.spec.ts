import { expect, type Page, test } from "@playwright/test";
import {
  customerId,
  DESKTOP,
  PHONE,
  scrollsSideways,
  seriousAccessibilityViolations,
  signInAtAnyWidth,
  uuidsShown,
} from "./helpers";

// Every page of the portal, as each role reaches it, at a laptop's width and a phone's: axe finds
// nothing serious, and no page scrolls sideways (wide tables scroll inside their card instead).
// A customer reads names, never ids: no page of theirs shows a UUID.

/** A page, and the tab of it to open first, if any (the flow editor's views are tabs of one page). */
type Visit = { path: string; name: string; tab?: string };

/** Where a sidebar entry leads (present, if hidden, on a phone). */
async function sidebarPath(page: Page, name: string): Promise<string> {
  const href = await page.locator("aside").getByRole("link", { name, exact: true, includeHidden: true }).getAttribute("href");
  return href!;
}

/** The newest demo call of an account, as its Calls page links to it. */
async function firstCallId(page: Page, account: string): Promise<string> {
  await page.goto(`${account}/calls`);
  const href = await page.getByRole("table", { name: "Calls" }).getByRole("link").first().getAttribute("href");
  return decodeURIComponent(href!.split("/").at(-1)!);
}

/** Each role's pages; ids are read the way a user finds them, from links. */
const ROLES: { email: string; readsIds: boolean; pages: (page: Page) => Promise<Visit[]> }[] = [
  {
    email: "owner@acme.example",
    readsIds: false,
    pages: async (page) => {
      await expect(page).toHaveURL(/\/accounts\/[^/]+$/);
      const account = new URL(page.url()).pathname;
      await page.goto(`${account}/flows`);
      const flow = await page.getByRole("link", { name: "Call Pete", exact: true }).getAttribute("href");
      return [
        { path: account, name: "home" },
        { path: `${account}/flows`, name: "call flows" },
        { path: `${account}/flows/new`, name: "new call flow" },
        { path: flow!, name: "flow editor" },
        { path: flow!, name: "flow editor's analytics", tab: "Analytics" },
        { path: `${account}/calls`, name: "calls" },
        { path: `${account}/calls/${encodeURIComponent(await firstCallId(page, account))}`, name: "a call" },
        { path: `${account}/numbers`, name: "numbers" },
        { path: `${account}/schedules`, name: "schedules" },
        { path: `${account}/sounds`, name: "sounds" },
        { path: `${account}/extensions`, name: "extensions" },
        { path: `${account}/users`, name: "users" },
        { path: "/api-credentials", name: "API users" },
        { path: `${account}/webhooks`, name: "webhooks" },
        { path: "/account", name: "my account" },
      ];
    },
  },
  {
    email: "reseller@example.com",
    readsIds: true,
    pages: async (page) => {
      const acme = await customerId(page, "acme");
      await page.goto("/templates");
      const apply = await page
        .getByRole("link", { name: /^Apply / })
        .first()
        .getAttribute("href");
      return [
        { path: "/customers", name: "customers" },
        { path: "/call-overview", name: "call overview" },
        { path: `/customers/${acme}`, name: "customer" },
        { path: "/plans", name: "plans" },
        { path: "/imports", name: "import and export" },
        { path: `/accounts/${acme}`, name: "customer's home" },
        { path: `/accounts/${acme}/calls`, name: "customer's calls" },
        { path: `/accounts/${acme}/flows`, name: "customer's call flows" },
        { path: `/accounts/${acme}/numbers`, name: "customer's numbers" },
        { path: await sidebarPath(page, "Numbers"), name: "number inventory" },
        { path: "/templates", name: "templates" },
        { path: "/templates/new", name: "new template" },
        { path: apply!.replace(/\/apply$/, ""), name: "template editor" },
        { path: apply!, name: "apply a template" },
        { path: await sidebarPath(page, "Users"), name: "users" },
        { path: "/api-credentials", name: "API users" },
        { path: await sidebarPath(page, "Webhooks"), name: "webhooks" },
        { path: await sidebarPath(page, "Branding"), name: "branding" },
        { path: "/audit", name: "audit log" },
        { path: "/usage", name: "API usage" },
      ];
    },
  },
  {
    email: "admin@example.com",
    readsIds: true,
    pages: async (page) => {
      return [
        { path: "/admin/resellers", name: "resellers" },
        { path: "/plans", name: "plans" },
        { path: await sidebarPath(page, "Numbers"), name: "number inventory" },
        { path: "/templates", name: "templates" },
        { path: await sidebarPath(page, "Users"), name: "users" },
        { path: "/audit", name: "audit log" },
        { path: "/usage", name: "API usage" },
        { path: "/account", name: "my account" },
      ];
    },
  },
];

/** Opens a page (and a tab of it) and waits until its lists have loaded. */
async function visit(page: Page, path: string, tab?: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  if (tab) {
    await page.getByRole("tab", { name: tab, exact: true }).click();
    await expect(page.getByRole("tab", { name: tab, exact: true })).toHaveAttribute("aria-selected", "true");
  }
  await expect(page.getByText(/^Loading\b/)).toHaveCount(0);
}

for (const [width, viewport] of [
  ["1440", DESKTOP],
  ["390", PHONE],
] as const) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport });

    test("the sign-in page has no serious accessibility violations and does not scroll sideways", async ({ page }) => {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
    });

    for (const role of ROLES) {
      const ids = role.readsIds ? "" : ", shows no ids";
      test(`every page of ${role.email} has no serious accessibility violations${ids} and does not scroll sideways`, async ({
        page,
      }) => {
        test.setTimeout(240_000);
        await signInAtAnyWidth(page, role.email);
        const pages = await role.pages(page);
        const problems: Record<string, unknown> = {};
        for (const { path, name, tab } of pages) {
          await visit(page, path, tab);
          const violations = await seriousAccessibilityViolations(page);
          if (violations.length > 0) problems[`${name}: axe`] = violations;
          if (!role.readsIds) {
            const shown = await uuidsShown(page);
            if (shown.length > 0) problems[`${name}: shows ids`] = shown;
          }
          if (await scrollsSideways(page)) {
            problems[`${name}: scrolls sideways`] = await page.evaluate(() => document.documentElement.scrollWidth);
          }
        }
        expect(problems).toEqual({});
      });
    }
  });
}
