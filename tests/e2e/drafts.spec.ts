import { expect, test } from "@playwright/test";
import { confirmWith } from "./helpers";
import {
  ACME_API_HEADERS,
  acmeResources,
  createFlow,
  fetchFlow,
  FlowEditorPage,
  greetingFlow,
  uniqueName,
} from "./flow-editor-page";

test("an edit is a draft (not live) until published; a REST PUT under the draft is shown beside it", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const { document } = greetingFlow(acme, { name: uniqueName("E2E draft"), extension: 940 });
  const flow = await createFlow(request, document);
  const editor = await FlowEditorPage.open(page, flow.uuid);
  const banner = page.getByTestId("draft-banner");
  await expect(banner).toHaveCount(0);

  // Typing saves a draft on its own once the user pauses: callers still get live.
  const drafted = `${flow.name} v2`;
  await (await editor.openSettings()).getByLabel("Name", { exact: true }).fill(drafted);
  await expect(banner).toHaveText("Draft — not live");
  await expect(editor.status).toHaveText("Draft saved");
  expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: flow.name });
  await page
    .getByTestId("draft-diff")
    .getByText(/^Changes against live/)
    .click();
  await expect(page.getByTestId("draft-diff").getByTestId("diff")).toContainText(`Name: ${flow.name} → ${drafted}`);
  // The draft survives a reload.
  await page.reload();
  await expect((await editor.openSettings()).getByLabel("Name", { exact: true })).toHaveValue(drafted);
  await expect(banner).toHaveText("Draft — not live");

  // Publishing asks first, naming what changes against live.
  await editor.publishButton.click();
  const confirmation = page.getByRole("alertdialog", { name: "Publish this draft?" });
  await expect(confirmation.getByTestId("publish-summary")).toHaveText("Settings changed: Name");
  await confirmWith(page, "Publish");
  await expect(editor.status).toHaveText("Live (version 2)");
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("draft-notice")).toHaveText("Published: version 2 is live.");
  expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: drafted });

  // A new draft, then the API replaces live under it: the editor says so, side by side.
  await (await editor.openSettings()).getByLabel("Name", { exact: true }).fill(`${drafted}, v3 draft`);
  await editor.saveButton.click();
  await expect(editor.status).toHaveText("Draft saved");
  const fromApi = `${flow.name} from the API`;
  const put = await request.put(`/voip/flow/${flow.uuid}`, { headers: ACME_API_HEADERS, data: { ...document, name: fromApi } });
  expect(put.status()).toBe(200);
  await page.reload();
  const changed = page.getByTestId("live-changed");
  await expect(changed).toContainText("Live changed since this draft was started (version 2, now 3)");
  await expect(changed.getByRole("heading", { name: "Live (version 3)" })).toBeVisible();
  await expect(changed.getByRole("heading", { name: "Draft's base (version 2)" })).toBeVisible();
  await expect(changed.getByRole("heading", { name: "Draft", exact: true })).toBeVisible();
  await expect(changed).toContainText(fromApi);
  await expect(editor.publishButton).toBeDisabled();
  await changed.getByRole("button", { name: "Publish over live" }).click();
  await expect(editor.status).toHaveText("Live (version 4)");
  expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: `${drafted}, v3 draft` });
});
