import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./helpers";

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

  // The portal proposes one placeholder for the flow's one resource, named after it.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Call Pete");
  await expect(page.getByLabel("Placeholder 1 name")).toHaveValue("Pete");
  await expect(page.getByLabel("Flow (JSON", { exact: false })).toHaveValue(/"\{\{Pete\}\}"/);
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
