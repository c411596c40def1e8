import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import {
  acmeResources,
  createFlow,
  fetchFlow,
  FlowEditorPage,
  greetingFlow,
  signInToOwnFlows,
  uniqueName,
} from "./flow-editor-page";
import { confirmWith } from "./helpers";

// Flows here take extensions 920 and up, apart from the module-type tests' and the next free ones.
// None rings Pete: other tests count on the seeded "Call Pete" being the only flow that does.

test("the provider's reference example, an IVR whose keys 1 and 2 ring a SIP user, is built by clicking only", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const editor = await FlowEditorPage.createNew(page);
  const settings = { name: uniqueName("E2E reference"), extension: 920 };
  await editor.fillSettings(settings);
  const flowSettings = await editor.openSettings();
  await flowSettings.getByLabel("Add the flow's name to the forwarded caller ID").check();
  await flowSettings.getByLabel("Forward the caller's own number (not the called number)").check();

  await editor.openModules();
  const start = editor.moduleForm("start");
  const startKey = await editor.keyOf(start);
  const ivrKey = await editor.routeToNew(start, "Then go to", "pressextension");
  const ivr = await editor.open("pressextension", ivrKey);
  const ringKey = await editor.routeToNew(ivr, "Key 1", "extension");
  await ivr.getByLabel("New branch").selectOption({ label: "Key 2" });
  await ivr.getByRole("button", { name: "Add branch" }).click();
  for (const route of ["Key 2", "On invalid input", "On timeout"])
    await ivr.getByLabel(route, { exact: true }).selectOption(ringKey);
  const ring = await editor.open("extension", ringKey);
  await ring.getByLabel("Target 1 SIP user").selectOption({ label: "Acme Sales (ext 202)" });
  // Like the reference, the menu has no prompt and the ring no "noanswer" route: warnings, not errors.
  await expect(editor.issues.getByRole("heading")).toHaveText("Ready to save, 2 warnings");
  const flowId = await editor.saveNew();

  expect(await fetchFlow(request, flowId)).toEqual({
    ...settings,
    uuid: flowId,
    show_call_route_name: true,
    show_original_caller_id: true,
    created_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    updated_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    flow: {
      [startKey]: { module: "start", next: ivrKey },
      [ivrKey]: { module: "pressextension", next: { "1": ringKey, "2": ringKey, invalid: ringKey, timeout: ringKey } },
      [ringKey]: { extensions: [{ type: "sipuser", uuid: acme["Acme Sales"] }], module: "extension" },
    },
  });
});

test("an unsafe caller-ID pattern and a 3-digit conference PIN show their errors at the field once left, and Save does not save", async ({
  page,
}) => {
  const editor = await FlowEditorPage.createNew(page);
  await editor.fillSettings({ name: uniqueName("E2E field errors"), extension: 921 });
  const matchKey = await editor.routeToNew(editor.moduleForm("start"), "Then go to", "calleridmatch");
  const match = await editor.open("calleridmatch", matchKey);
  const pattern = match.getByLabel("Pattern 1", { exact: true });
  await pattern.fill("^(a+)+$");
  await expect(page.getByTestId(`error-${matchKey}.patterns.0`)).toHaveCount(0);
  await pattern.blur();
  await expect(page.getByTestId(`error-${matchKey}.patterns.0`)).toContainText(
    "This pattern could make the phone system very slow",
  );
  await expect(pattern).toHaveAccessibleDescription(/could make the phone system very slow/);

  const conferenceKey = await editor.routeToNew(match, "When a pattern matches, go to", "conference");
  await match.getByLabel("When no pattern matches, go to").selectOption(conferenceKey);
  const conference = await editor.open("conference", conferenceKey);
  const pin = conference.getByLabel("PIN");
  await pin.fill("123");
  await pin.blur();
  await expect(page.getByTestId(`error-${conferenceKey}.pin`)).toHaveText(
    "Enter exactly 4 digits, or leave it empty for no PIN.",
  );
  await expect(pin).toHaveAccessibleDescription(/Enter exactly 4 digits/);

  await expect(editor.status).toHaveText("2 steps remain before saving");
  await editor.saveButton.click();
  await expect(page).toHaveURL(/\/flows\/new$/);
  await expect(editor.issues.getByRole("listitem")).toHaveText([
    /^Caller ID match 1 – Pattern 1: This pattern could make the phone system very slow/,
    "Conference 1 – PIN: Enter exactly 4 digits, or leave it empty for no PIN. Show module",
  ]);

  // Trying to save opened the first module with a problem; fixed, the flow can be saved.
  await expect(editor.moduleForm("calleridmatch")).toBeVisible();
  await (await editor.open("conference", conferenceKey)).getByLabel("PIN").fill("1234");
  await expect(page.getByTestId(`error-${conferenceKey}.pin`)).toHaveCount(0);
  await (await editor.open("calleridmatch", matchKey)).getByLabel("Pattern 1", { exact: true }).fill("^a+$");
  await expect(editor.status).toHaveText("Unsaved changes");
  await expect(editor.issues.getByRole("heading")).toHaveText("Ready to save");
});

test("a customer cannot open a sibling customer's flow by URL", async ({ page, request }) => {
  const acme = await acmeResources(request);
  const flow = await createFlow(request, greetingFlow(acme, { name: uniqueName("E2E acme only"), extension: 922 }).document);
  const acmeId = await signInToOwnFlows(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  const globexId = await signInToOwnFlows(page, "owner@globex.example");
  // Neither acme's own URL nor the flow's id under globex's account reveals it.
  for (const path of [`/accounts/${acmeId}/flows/${flow.uuid}`, `/accounts/${globexId}/flows/${flow.uuid}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByText("This page could not be found")).toBeVisible();
    await expect(page.getByText(flow.name)).toHaveCount(0);
  }
});

test.describe("two people editing one flow", () => {
  /** A stored flow open in two browsers; Alice publishes a new name first, then Bob edits his draft. */
  async function alicePublishesBeforeBob(
    { browser, request }: { browser: Browser; request: APIRequestContext },
    extension: number,
  ) {
    const acme = await acmeResources(request);
    const flow = await createFlow(request, greetingFlow(acme, { name: uniqueName("E2E shared"), extension }).document);
    const alice = await FlowEditorPage.openInNewContext(browser, flow.uuid);
    const bob = await FlowEditorPage.openInNewContext(browser, flow.uuid);
    const names = { alice: `${flow.name} (Alice)`, bob: `${flow.name} (Bob)` };

    await (await alice.openSettings()).getByLabel("Name", { exact: true }).fill(names.alice);
    await alice.save(2);
    await (await bob.openSettings()).getByLabel("Name", { exact: true }).fill(names.bob);
    await bob.saveButton.click();
    const changed = bob.page.getByTestId("live-changed");
    await expect(changed).toContainText("Live changed since this draft was started (version 1, now 2)");
    await expect(changed).toContainText(names.alice);
    await expect(bob.publishButton).toBeDisabled();
    // Bob's draft is not live.
    expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: names.alice });
    return { flow, alice, bob, changed, names };
  }

  test("the later draft is told live changed and can be thrown away for live", async ({ browser, request }) => {
    const { flow, alice, bob, changed, names } = await alicePublishesBeforeBob({ browser, request }, 923);

    await changed.getByRole("button", { name: "Discard draft and keep live" }).click();
    await confirmWith(bob.page, "Discard draft");
    await expect(changed).toHaveCount(0);
    await expect((await bob.openSettings()).getByLabel("Name", { exact: true })).toHaveValue(names.alice);
    await expect(bob.status).toHaveText("Live (version 2)");
    expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: names.alice });

    await alice.page.context().close();
    await bob.page.context().close();
  });

  test("the later draft can be published over live knowingly", async ({ browser, request }) => {
    const { flow, alice, bob, changed, names } = await alicePublishesBeforeBob({ browser, request }, 924);

    await changed.getByRole("button", { name: "Publish over live" }).click();
    await expect(changed).toHaveCount(0);
    await expect(bob.status).toHaveText("Live (version 3)");
    expect(await fetchFlow(request, flow.uuid)).toMatchObject({ name: names.bob });
    await alice.page.reload();
    await expect((await alice.openSettings()).getByLabel("Name", { exact: true })).toHaveValue(names.bob);

    await alice.page.context().close();
    await bob.page.context().close();
  });
});

test("the JSON tab downloads the flow, and a pasted flow's error shows at its path in the issues panel", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const { keys, document } = greetingFlow(acme, { name: uniqueName("E2E json"), extension: 925 });
  const flow = await createFlow(request, document);
  const editor = await FlowEditorPage.open(page, flow.uuid);
  await editor.tab("JSON").click();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${flow.name}.json`);
  expect(JSON.parse(await readFile(await download.path(), "utf8"))).toEqual({
    ...document,
    show_call_route_name: false,
    show_original_caller_id: false,
  });

  const missingSound = "00000000-0000-4000-8000-000000000000";
  const pasted = {
    ...document,
    flow: { ...document.flow, [keys.play]: { module: "play", sound: missingSound, next: keys.busy } },
  };
  await page.getByLabel("Call flow JSON (the provider's format)").fill(JSON.stringify(pasted, null, 2));
  await page.getByRole("button", { name: "Apply JSON" }).click();
  const issue = editor.issues.getByRole("listitem").filter({ hasText: "Play sound 1 – Sound:" });
  await expect(issue).toContainText("The sound chosen here is not on this account. Choose the sound to play.");
  await expect(issue).not.toContainText(missingSound);
  const blocked = page.getByTestId("publish-blocked");
  await expect(blocked).toContainText("Publishing is blocked by 1 error");
  await expect(editor.publishButton).toBeDisabled();

  // The issue leads to the field.
  await issue.getByRole("button", { name: "Show module" }).click();
  await expect(page.getByTestId(`error-${keys.play}.sound`)).toHaveText(
    "The sound chosen here is not on this account. Choose the sound to play.",
  );
  expect((await fetchFlow(request, flow.uuid)).flow).toEqual(document.flow);
});

test("History lists the saved versions, compares them, and restoring one saves a new version", async ({ page, request }) => {
  const editor = await FlowEditorPage.createNew(page);
  const first = uniqueName("E2E history");
  const second = `${first} renamed`;
  await editor.fillSettings({ name: first, extension: 926 });
  await editor.routeToNew(editor.moduleForm("start"), "Then go to", "busy");
  const flowId = await editor.saveNew();
  await (await editor.openSettings()).getByLabel("Name", { exact: true }).fill(second);
  await editor.save(2);

  await editor.tab("History").click();
  const versions = page.getByRole("table", { name: "Versions" });
  const version = (number: string) =>
    versions.getByRole("row").filter({ has: page.getByRole("cell", { name: number, exact: true }) });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await expect(version("1")).toContainText(first);
  await expect(version("2")).toContainText("current");

  await version("1").getByRole("button", { name: "Compare with current" }).click();
  await expect(page.getByRole("heading", { name: "Version 1 → version 2" })).toBeVisible();
  await expect(page.getByTestId("diff")).toContainText(`Name: ${first} → ${second}`);

  await version("1").getByRole("button", { name: "Restore version 1" }).click();
  await expect(editor.status).toHaveText("Live (version 3)");
  await expect(page.getByText("Restored; saved as version 3.")).toBeVisible();
  await expect(version("3 (restored from 1)")).toContainText("current");
  await expect(versions.getByRole("row")).toHaveCount(4);
  await expect((await editor.openSettings()).getByLabel("Name", { exact: true })).toHaveValue(first);
  expect(await fetchFlow(request, flowId)).toMatchObject({ name: first });
});
