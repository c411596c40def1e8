import { expect, test, type Page } from "@playwright/test";
import { seriousAccessibilityViolations, signInAndWait } from "./helpers";
import { FlowEditorPage, signInToOwnFlows } from "./flow-editor-page";

/** The seeded "Call Pete" flow of acme and its IVR menu; only read here, never saved. */
const CALL_PETE = "31347d42-00bd-44a5-9b5c-20dc4197a2f6";
const CALL_PETE_MENU = "9085aa47-0ff0-4fd0-9c80-6077e1f475c2";

/** Errors the page logs or throws, from the moment this is called. */
function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

const PAGES: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    name: "sign-in",
    open: async (page) => {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    },
  },
  {
    name: "customers",
    open: async (page) => {
      await signInAndWait(page, "reseller@example.com");
      await page.goto("/customers");
      await expect(page.getByRole("link", { name: "acme", exact: true })).toBeVisible();
    },
  },
  {
    name: "call-flow list",
    open: async (page) => {
      await signInToOwnFlows(page);
      await expect(page.getByRole("link", { name: "Call Pete", exact: true })).toBeVisible();
    },
  },
  {
    name: "flow editor",
    open: async (page) => {
      const editor = await FlowEditorPage.open(page, CALL_PETE);
      await expect(editor.moduleForm("start")).toBeVisible();
    },
  },
];

for (const { name, open } of PAGES) {
  test(`the ${name} page has no serious accessibility violations and logs no errors`, async ({ page }) => {
    const errors = collectConsoleErrors(page);
    await open(page);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test("a module in the graph opens from the keyboard, as React Flow announces", async ({ page }) => {
  const editor = await FlowEditorPage.open(page, CALL_PETE);
  await page.getByRole("group", { name: /^IVR menu 1\b/ }).focus();
  await page.keyboard.press("Enter");
  await expect(editor.moduleForm("pressextension")).toBeVisible();
});

test("the flow editor fits a 1024 px wide window in every tab, without errors", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  const editor = await FlowEditorPage.open(page, CALL_PETE);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  // The IVR menu's form is the widest: a route picker and a button on each branch's row.
  await editor.open("pressextension", CALL_PETE_MENU);
  expect(await pageWidth()).toBeLessThanOrEqual(1024);
  await expect(editor.saveButton).toBeInViewport();
  for (const tab of ["JSON", "History", "Analytics", "Test call"] as const) {
    await editor.tab(tab).click();
    await expect(editor.tab(tab)).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel")).not.toBeEmpty();
    expect(await pageWidth(), tab).toBeLessThanOrEqual(1024);
  }
  expect(errors).toEqual([]);
});
