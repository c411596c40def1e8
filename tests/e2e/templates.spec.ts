import { expect as baseExpect, test } from "@playwright/test";
import { confirmWith, signIn, signInAndWait } from "./helpers";

// Sign-in hashes with scrypt and the wizard makes several round trips: on a loaded machine each
// step can take longer than the default wait.
const expect = baseExpect.configure({ timeout: 45_000 });

// Demo data: acme's "Call Pete" flow rings its SIP user Pete; globex has no Pete but a
// "Globex Reception". A template made from the flow binds acme by name and asks for globex.

test("a reseller makes a template from a flow, applies it to two customers in a run that goes on without the page, and reads the results", async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  const templateName = `Call Pete everywhere ${Date.now()}`;
  await signIn(page, "reseller@example.com");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();

  const fromFlow = page.getByRole("region", { name: "New template from a call flow" });
  await fromFlow.getByLabel("Customer", { exact: true }).selectOption({ label: "acme" });
  await fromFlow.getByLabel("Call flow", { exact: true }).selectOption({ label: "Call Pete (501)" });
  await fromFlow.getByRole("button", { name: "Make a template from this flow" }).click();

  // The portal proposes one placeholder for the flow's one resource, named after it, in the graph.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Call Pete");
  await expect(page.getByTestId("flow-graph")).toBeVisible();
  await expect(page.getByTestId("placeholder-Pete")).toContainText("Used in the flow.");
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByLabel("Template JSON", { exact: false })).toHaveValue(/"\{\{Pete\}\}"/);
  await page.getByLabel("Name", { exact: true }).fill(templateName);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: templateName })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent applies" })).toContainText("None yet.");
  const templateUrl = page.url();

  await page.getByRole("link", { name: "Apply to customers" }).click();
  await page.getByRole("checkbox", { name: "acme", exact: true }).check();
  await page.getByRole("checkbox", { name: "globex", exact: true }).check();
  await expect(page.getByTestId("selected-count")).toHaveText("2 customers chosen");
  await page.getByRole("button", { name: "Next: bind and preview" }).click();
  await page.getByRole("button", { name: "Preview", exact: true }).click();

  await expect(page.getByTestId("preview-acme")).toContainText("Pete: Pete (matched by name)");
  await expect(page.getByTestId("preview-acme")).toContainText("Ready");
  await expect(page.getByTestId("preview-globex")).toContainText(
    'No SIP user is named "Pete" on this account: choose one for it',
  );
  await page.getByLabel("Pete for globex").selectOption({ label: "Globex Reception" });
  await page.getByRole("button", { name: "Preview again" }).click();
  await expect(page.getByTestId("preview-globex")).toContainText("Ready");
  // The flow rings Pete with nowhere to go when nobody answers: a warning, so the flows are made
  // as drafts unless the reseller chooses otherwise.
  await expect(page.getByTestId("preview-globex")).toContainText("Warning:");
  await expect(page.getByTestId("drafts-because-warnings")).toHaveText(
    "2 customers' flows have warnings: the flows are created as drafts, to be checked before they go live.",
  );
  await expect(page.getByRole("radio", { name: /^Create as drafts/ })).toBeChecked();

  // One run on the server: its page shows its progress, then its results.
  await page.getByRole("button", { name: "Apply to 2 customers" }).click();
  await page.waitForURL(/\/templates\/runs\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: `Applying "${templateName}" to customers` })).toBeVisible();
  await expect(page.getByTestId("apply-summary")).toHaveText(
    /^(Waiting to start on 2 customers…|Applied to [0-2] of 2 customers…|Created 2 flows; 0 failed\.)$/,
  );

  // Closing the page stops nothing: the template's page, opened again, shows the run finished.
  await page.close();
  const again = await context.newPage();
  await again.goto(templateUrl);
  const recent = again.getByRole("table", { name: "Recent applies" });
  await expect(recent.getByRole("row").nth(1)).toContainText("Created 2 flows; 0 failed.");
  await expect(recent.getByRole("row").nth(1)).toContainText("drafts");
  await recent.getByRole("row").nth(1).getByRole("link").click();

  await expect(again.getByTestId("apply-summary")).toHaveText("Created 2 flows; 0 failed.");
  const created = again.getByRole("table", { name: "Created" });
  await expect(created.getByRole("row", { name: /acme/ })).toContainText(templateName);
  await expect(created.getByRole("row", { name: /globex/ })).toContainText("500");

  await created
    .getByRole("row", { name: /globex/ })
    .getByRole("link", { name: templateName })
    .click();
  await expect(again.getByRole("heading", { level: 1, name: templateName })).toBeVisible();
  await expect(again.getByTestId("acting-banner")).toContainText("globex");
});

test("a template is edited in the graph: a new placeholder from a picker is saved, listed, renamed and applied", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const templateName = `Greeting ${Date.now()}`;
  await signInAndWait(page, "reseller@example.com");
  await page.goto("/templates/new");
  await page
    .getByTestId("starting-points")
    .getByRole("button", { name: /Start blank/ })
    .click();

  // A module from the add bar follows Start; its sound is a placeholder made right in the picker.
  await page.getByLabel("Add a module").selectOption({ label: "Play sound" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const form = page.getByRole("form", { name: "Play sound module" });
  await form.getByLabel("Sound", { exact: true }).selectOption({ label: "New placeholder…" });
  const dialog = page.getByRole("dialog", { name: "New placeholder" });
  await dialog.getByRole("button", { name: "Add placeholder" }).click();
  await expect(dialog).toContainText("The placeholder name must be 1 to 100 characters");
  await dialog.getByLabel("Placeholder name").fill("Welcome");
  await expect(dialog).toContainText("It stands for a sound.");
  await dialog.getByRole("button", { name: "Add placeholder" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(form.getByLabel("Sound", { exact: true }).locator("option:checked")).toHaveText("Welcome (sound placeholder)");
  await expect(page.getByTestId("placeholder-Welcome")).toContainText("Used in the flow.");
  await form.getByLabel("Then go to").selectOption({ label: "New: Busy tone" });
  await page.getByLabel("Name", { exact: true }).fill(templateName);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: templateName })).toBeVisible();
  const templateUrl = page.url();

  // Opened again, the placeholder is declared and used, by name.
  await page.reload();
  await expect(page.getByTestId("placeholder-Welcome")).toContainText("Used in the flow.");
  await page.getByRole("tab", { name: "Steps" }).click();
  await expect(page.getByRole("list", { name: "Steps in the order a call meets them" })).toContainText(
    "Sound: Welcome (sound placeholder)",
  );
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByLabel("Template JSON", { exact: false })).toHaveValue(/"sound": "\{\{Welcome\}\}"/);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("No problems found.")).toBeVisible();

  // Renamed beside the graph, it is saved under its new name wherever the flow uses it.
  await page.getByRole("tab", { name: "Modules" }).click();
  await page.getByTestId("placeholder-Welcome").getByRole("textbox").fill("Greeting sound");
  await page.getByTestId("placeholder-Welcome").getByRole("textbox").press("Enter");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("template-message")).toHaveText("Saved as version 2.");
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByLabel("Template JSON", { exact: false })).toHaveValue(/"sound": "\{\{Greeting sound\}\}"/);
  await expect(page.getByRole("table", { name: "Versions" }).getByRole("row")).toHaveCount(3);

  // Applied, the placeholder is bound to one of the customer's sounds.
  await page.getByRole("link", { name: "Apply to customers" }).click();
  await page.getByRole("checkbox", { name: "acme", exact: true }).check();
  await page.getByRole("button", { name: "Next: bind and preview" }).click();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await page.getByLabel("Greeting sound for acme").selectOption({ label: "Acme welcome greeting" });
  await page.getByRole("button", { name: "Preview again" }).click();
  await expect(page.getByTestId("preview-acme")).toContainText("Ready");
  await page.getByRole("button", { name: "Apply to 1 customer" }).click();
  await page.waitForURL(/\/templates\/runs\/[0-9a-f-]+$/);
  await expect(page.getByTestId("apply-summary")).toHaveText("Created 1 flow; 0 failed.", { timeout: 90_000 });

  // The template goes, asked first.
  await page.goto(templateUrl);
  await page.getByRole("button", { name: "Delete template" }).click();
  await confirmWith(page, "Delete template");
  await page.waitForURL(/\/templates$/);
});
