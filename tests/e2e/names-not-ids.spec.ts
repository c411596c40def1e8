import { expect, type Locator, test } from "@playwright/test";
import { acmeResources, createFlow, FlowEditorPage, greetingFlow, uniqueName } from "./flow-editor-page";
import { confirmWith, pick, signInAndWait } from "./helpers";

/**
 * Where people read about a change or a mistake, they read names: the changes against live, the
 * audit log, form errors and the editor's issues. Never a uuid, unless they ask for the JSON.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The text a person sees in `scope`: what a closed "Show JSON" holds is not seen. */
function seenText(scope: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees, not hidden text.
  return scope.innerText();
}

test("the changes against live and the audit's changes name modules, routes and sounds, never a uuid", async ({
  page,
  browser,
  request,
}) => {
  const acme = await acmeResources(request);
  const name = uniqueName("E2E named changes");
  const { keys, document } = greetingFlow(acme, { name, extension: 945 });
  const flow = await createFlow(request, document);
  const editor = await FlowEditorPage.open(page, flow.uuid);

  const play = await editor.open("play", keys.play);
  await play.getByLabel("Sound", { exact: true }).selectOption({ label: "Acme out of hours" });
  const start = await editor.open("start", keys.start);
  await start.getByLabel("Then go to").selectOption({ label: "Busy tone 1" });

  const draftDiff = page.getByTestId("draft-diff");
  await draftDiff.getByText(/^Changes against live/).click();
  const diff = draftDiff.getByTestId("diff");
  await expect(diff).toContainText("Changed Start");
  await expect(diff).toContainText("Then go to: Play sound: Acme welcome greeting → Busy tone 1");
  await expect(diff).toContainText("Changed Play sound: Acme out of hours");
  await expect(diff).toContainText("Sound: Acme welcome greeting → Acme out of hours");
  expect(await seenText(diff)).not.toMatch(UUID);
  // The stored diff is there for whoever asks for it.
  await diff.getByText("Show JSON").click();
  await expect(diff.getByTestId("diff-json")).toContainText(keys.play);

  await editor.publishButton.click();
  await confirmWith(page, "Publish");
  await expect(editor.status).toHaveText("Live (version 2)");

  // The admin finds the change by the account's name and reads it by name too.
  const admin = await browser.newPage();
  try {
    await signInAndWait(admin, "admin@example.com");
    await admin.goto("/audit");
    await pick(admin, "Account", "acme", "Acme Corporation (acme)");
    await admin.getByLabel("Action").fill("callflow.publish");
    await admin.getByRole("button", { name: "Apply filters" }).click();
    const row = admin
      .getByRole("table", { name: "Audit events" })
      .getByRole("row")
      .filter({ hasText: `call flow "${name}"` })
      .first();
    await expect(row).toContainText("callflow.publish");
    await expect(row).toContainText("acme");
    expect(await seenText(admin.getByRole("table", { name: "Audit events" }))).not.toMatch(UUID);

    await row.getByRole("button", { name: "Show changes" }).click();
    const changes = admin.getByTestId("diff");
    await expect(changes).toContainText("Then go to: Play sound: Acme welcome greeting → Busy tone 1");
    await expect(changes).toContainText("Sound: Acme welcome greeting → Acme out of hours");
    await expect(changes).toContainText("Version: 1 → 2");
    expect(await seenText(changes)).not.toMatch(UUID);
  } finally {
    await admin.close();
  }
});

test("the audit's account filter suggests accounts as a name is typed, and Enter takes the first", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/audit");
  const account = page.getByRole("combobox", { name: "Account", exact: true });
  await account.fill("acme");
  const suggestions = page.getByRole("listbox", { name: "accounts found" }).getByRole("option");
  await expect(suggestions).toHaveText(["Acme Corporation (acme)"]);
  await account.press("Enter");
  await expect(account).toHaveValue("Acme Corporation (acme)");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const rows = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  // Every row is acme's: its "For account" cell names it.
  for (const cell of await rows.locator("td:nth-child(3)").all()) await expect(cell).toHaveText("acme");
  await expect(page.getByText("Account not found")).toHaveCount(0);
});

test("a form's error names the field as the form labels it", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks", exact: true }).click();
  await page.getByRole("button", { name: "Create webhook" }).click();
  const url = page.getByLabel("Receiver URL");
  await expect(url).toHaveAccessibleDescription(/Receiver URL is required/);
  await expect(page.getByText(/^url is required/)).toHaveCount(0);
  for (const box of await page.getByRole("checkbox").all()) await box.uncheck();
  await url.fill("https://example.com/hooks");
  await page.getByRole("button", { name: "Create webhook" }).click();
  await expect(page.getByTestId("error-events")).toHaveText("Events must name at least one event type");
});

test("the issues panel counts exactly what it lists, and an IVR menu without a prompt is warned about", async ({ page }) => {
  const editor = await FlowEditorPage.createNew(page);
  const items = editor.issues.getByRole("listitem");
  const heading = editor.issues.getByRole("heading");
  /** The heading's counts, as numbers: "2 steps remain before saving, 1 warning". */
  const counted = async () => {
    const text = (await heading.textContent()) ?? "";
    const steps = /^(\d+) steps? remain/.exec(text)?.[1] ?? "0";
    const warnings = /(\d+) warnings?$/.exec(text)?.[1] ?? "0";
    return Number(steps) + Number(warnings);
  };

  // Nothing done yet: the steps are listed as steps to do, none marked as an error.
  await expect(heading).toHaveText("2 steps remain before saving");
  await expect(items).toHaveCount(2);
  await expect(editor.issues.locator('li[data-kind="error"]')).toHaveCount(0);

  await editor.fillSettings({ name: uniqueName("E2E issues count"), extension: 946 });
  const menuKey = await editor.routeToNew(editor.moduleForm("start"), "Then go to", "pressextension");
  const menu = await editor.open("pressextension", menuKey);
  await expect(heading).toHaveText(/ steps? remain before saving, \d+ warnings?$/);
  expect(await items.count()).toBe(await counted());
  const prompt = items.filter({ hasText: "IVR menu 1 – Menu prompt (sound): Choose a menu prompt" });
  await expect(prompt).toHaveCount(1);

  // Routes chosen, the menu's prompt is the one thing left: a warning, which does not block saving.
  const busyKey = await editor.routeToNew(menu, "Key 1", "busy");
  const menuAgain = await editor.open("pressextension", menuKey);
  for (const route of ["On invalid input", "On timeout"])
    await menuAgain.getByLabel(route, { exact: true }).selectOption(busyKey);
  await expect(heading).toHaveText("Ready to save, 1 warning");
  await expect(items).toHaveCount(1);
  await expect(prompt).toHaveCount(1);

  await menuAgain.getByLabel("Menu prompt (sound)").selectOption({ label: "Acme welcome greeting" });
  await expect(heading).toHaveText("Ready to save");
  await expect(items).toHaveCount(0);
  await expect(editor.issues).toContainText("The flow is complete.");
});
