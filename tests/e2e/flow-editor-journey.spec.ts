import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { acmeResources, createFlow, fetchFlow, FlowEditorPage, signInToOwnFlows, uniqueName } from "./flow-editor-page";

/**
 * A new customer's first flow, as the issue that asked for plain messages, no ids and sensible
 * defaults tried it: New call flow, start blank, then add a Dial by extension, a Caller ID
 * match and a Voicemail module one after the other.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Everything the Modules tab shows or reads out: its text, every picker's options, and the
 * accessible names and tooltips of its elements. */
function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const options = [...document.querySelectorAll("option, optgroup")].map(
      (node) => `${node.textContent} ${node.getAttribute("label") ?? ""}`,
    );
    const labels = [...document.querySelectorAll("[aria-label], [title], [placeholder]")].map((node) =>
      ["aria-label", "title", "placeholder"].map((name) => node.getAttribute(name) ?? "").join(" "),
    );
    // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees, not hidden text.
    return [document.body.innerText, ...options, ...labels].join("\n");
  });
}

async function expectNoIdShown(page: Page): Promise<void> {
  await expect(page.getByRole("tab", { name: "Modules" })).toHaveAttribute("aria-selected", "true");
  expect(await shownText(page)).not.toMatch(UUID);
}

async function expectNoProblemShown(editor: FlowEditorPage): Promise<void> {
  const problems = editor.page.locator(
    ".field-error, .field-warning, .issue-error, .issue-warning, .flow-node-error, .flow-node-warning",
  );
  await expect(problems).toHaveCount(0);
  await expect(editor.status).not.toContainText(/error/i);
  await expect(editor.issues).not.toContainText(/error/i);
}

test("a new flow starts from a choice, shows no error and no id before interaction, and connects each added module after the selected one", async ({
  page,
  request,
}) => {
  // The whole journey, from sign-in to the stored flow, in one test.
  test.setTimeout(240_000);
  const acme = await acmeResources(request);
  await signInToOwnFlows(page);
  await page.getByRole("link", { name: "New call flow" }).click();
  const choice = page.getByTestId("starting-points");
  await expect(choice.getByRole("heading")).toHaveText("How do you want to start?");
  await expect(choice.getByRole("button", { name: /^Ring, then voicemail/ })).toBeVisible();
  await choice.getByRole("button", { name: /^Start blank/ }).click();

  const editor = new FlowEditorPage(page);
  const start = editor.moduleForm("start");
  await expect(start.getByRole("heading")).toHaveText("Start");
  const startKey = await editor.keyOf(start);
  await expectNoProblemShown(editor);
  // The name and Start's next step: the summary counts them without calling them errors.
  await expect(editor.status).toHaveText("2 steps remain before saving");
  await expect(editor.issues.getByRole("heading")).toHaveText("2 steps remain before saving");

  // Each module added while another is selected becomes its next step or fills its first empty route.
  const dial = await editor.addModule("dialbyextension");
  await expect(page.getByText('Added Dial by extension 1: "Then go to" of Start now leads to it.')).toBeVisible();
  const match = await editor.addModule("calleridmatch");
  await expect(
    page.getByText('Added Caller ID match 1: "On invalid input" of Dial by extension 1 now leads to it.'),
  ).toBeVisible();
  const voicemail = await editor.addModule("voicemail");
  await expect(
    page.getByText('Added Voicemail 1: "When a pattern matches, go to" of Caller ID match 1 now leads to it.'),
  ).toBeVisible();
  await expect(editor.moduleForm("voicemail").getByRole("heading")).toHaveText("Voicemail 1");
  await expectNoProblemShown(editor);
  await expectNoIdShown(page);

  // The routes as the pickers show them: by name, never by id.
  const startForm = await editor.open("start", startKey);
  await expect(startForm.getByLabel("Then go to")).toHaveValue(dial);
  await expect(startForm.getByLabel("Then go to").locator("option:checked")).toHaveText("Dial by extension 1");
  const dialForm = await editor.open("dialbyextension", dial);
  await expect(dialForm.getByLabel("On invalid input", { exact: true })).toHaveValue(match);
  await expect(dialForm.getByLabel("On timeout", { exact: true })).toHaveValue("");
  const matchForm = await editor.open("calleridmatch", match);
  await expect(matchForm.getByLabel("When a pattern matches, go to")).toHaveValue(voicemail);
  await expect(matchForm.getByLabel("When no pattern matches, go to")).toHaveValue("");

  // A Ring added while the caller-ID match is selected fills its other route; pickers name it by whom it rings.
  const ring = await editor.addModule("extension");
  await editor.moduleForm("extension").getByLabel("Target 1 SIP user").selectOption({ label: "Acme Sales (ext 202)" });
  const matchAgain = await editor.open("calleridmatch", match);
  await expect(matchAgain.getByLabel("When no pattern matches, go to")).toHaveValue(ring);
  await expect(matchAgain.getByLabel("When no pattern matches, go to").locator("option:checked")).toHaveText(
    "Ring: Acme Sales (202)",
  );

  // The one route still empty (the menu's timeout) is marked on the graph.
  await expect(page.getByTestId(`empty-route-${dial}`)).toHaveCount(1);
  await expect(page.locator(".flow-node-empty-route")).toHaveCount(1);
  await expectNoProblemShown(editor);
  await expectNoIdShown(page);

  // Leaving a field shows its problem, in words that name what to do.
  const pattern = matchAgain.getByLabel("Pattern 1", { exact: true });
  await pattern.focus();
  await pattern.blur();
  await expect(page.getByTestId(`error-${match}.patterns.0`)).toHaveText(
    "Enter a regular expression of 1 to 100 characters, such as ^44800 for numbers starting 44800.",
  );
  await expect(editor.issues.locator('li[data-kind="error"]')).toHaveText([
    /^Caller ID match 1 – Pattern 1: Enter a regular expression/,
  ]);

  // Trying to save shows every remaining step, each naming its module and field.
  await editor.saveButton.click();
  await expect(page).toHaveURL(/\/flows\/new$/);
  const steps = editor.issues.getByRole("listitem");
  await expect(steps.filter({ hasText: "Flow settings – Name: Enter a name of 1 to 100 characters." })).toHaveCount(1);
  await expect(
    steps.filter({ hasText: "Dial by extension 1 – On timeout: Choose where the call goes when the caller presses nothing." }),
  ).toHaveCount(1);
  await expect(steps.filter({ hasText: "Voicemail 1 – Mailboxes: Choose between 1 and 50 mailboxes." })).toHaveCount(1);
  await expectNoIdShown(page);

  // "Finish with defaults" sends the empty required routes to a new Busy tone.
  await page.getByRole("button", { name: "Finish with defaults" }).click();
  await expect(page.getByText("1 empty route now leads to a new Busy tone 1.")).toBeVisible();
  await expect(page.locator(".flow-node-empty-route")).toHaveCount(0);

  await editor.fillSettings({ name: uniqueName("E2E first flow"), extension: 930 });
  await (await editor.open("calleridmatch", match)).getByLabel("Pattern 1", { exact: true }).fill("^44800");
  const dialSettings = await editor.open("dialbyextension", dial);
  await dialSettings.getByLabel("Hold music while ringing (sound or playlist)").selectOption({ label: "Acme hold music" });
  await (await editor.open("voicemail", voicemail)).getByLabel("Acme general mailbox (box 1)").check();
  await expect(editor.issues.getByRole("heading")).toHaveText(/^Ready to save/);
  const flowId = await editor.saveNew();

  const stored = await fetchFlow(request, flowId);
  const busy = Object.keys(stored.flow).find((key) => stored.flow[key]?.module === "busy");
  expect(stored.flow).toEqual({
    [startKey]: { module: "start", next: dial },
    [dial]: {
      module: "dialbyextension",
      ringtone: acme["Acme hold music"],
      noanswer: "sipuser_voicemail",
      next: { invalid: match, timeout: busy },
    },
    [match]: { module: "calleridmatch", patterns: ["^44800"], match: voicemail, nomatch: ring },
    [voicemail]: { module: "voicemail", mailboxes: [acme["Acme general mailbox"]] },
    [ring]: { module: "extension", extensions: [{ type: "sipuser", uuid: acme["Acme Sales"] }] },
    [busy ?? "no busy tone"]: { module: "busy" },
  });
});

test("a starting shape connects its modules and leaves what to choose for the user", async ({ page }) => {
  test.slow();
  await signInToOwnFlows(page);
  await page.getByRole("link", { name: "New call flow" }).click();
  await page
    .getByTestId("starting-points")
    .getByRole("button", { name: /^Ring, then voicemail/ })
    .click();
  const editor = new FlowEditorPage(page);
  const start = editor.moduleForm("start");
  await expect(start.getByLabel("Then go to").locator("option:checked")).toHaveText("Ring 1");
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expectNoProblemShown(editor);
  await expectNoIdShown(page);
});

test("the graph of a long flow stays legible: it scrolls, and fit to view keeps the selected module in view", async ({
  page,
  request,
}) => {
  test.slow();
  const acme = await acmeResources(request);
  const keys = Array.from({ length: 40 }, () => randomUUID());
  const flow = Object.fromEntries(
    keys.map((key, index) => {
      const next = keys[index + 1];
      if (index === 0) return [key, { module: "start", next }];
      if (next === undefined) return [key, { module: "busy" }];
      return [key, { module: "play", sound: acme["Acme welcome greeting"], next }];
    }),
  );
  const stored = await createFlow(request, { name: uniqueName("E2E long flow"), extension: 931, flow });
  const editor = await FlowEditorPage.open(page, stored.uuid);
  const zoom = () =>
    page.evaluate(() => {
      const transform = document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
      return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? NaN);
    });
  await expect.poll(zoom).toBeGreaterThanOrEqual(0.75);
  await editor.expectInView(keys[0] ?? "");
  const graph = page.getByTestId("flow-graph");

  // Forty modules do not fit: the graph opens at the smallest legible zoom, and goes no smaller.
  expect(await zoom()).toBe(0.75);
  await expect(page.getByRole("button", { name: "Zoom Out" })).toBeDisabled();
  await graph.hover();
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, 600);
  await page.keyboard.up("Control");
  expect(await zoom()).toBe(0.75);

  // The wheel scrolls down the flow to its last module; fit to view keeps the selected one in view.
  const last = keys[keys.length - 1] ?? "";
  const lastInView = async () => {
    const [node, view] = await Promise.all([editor.node(last).boundingBox(), graph.boundingBox()]);
    return node !== null && view !== null && node.y >= view.y && node.y + node.height <= view.y + view.height;
  };
  for (let index = 0; index < 40 && !(await lastInView()); index++) await page.mouse.wheel(0, 200);
  expect(await zoom()).toBeGreaterThanOrEqual(0.75);
  await editor.expectInView(last);
  await editor.node(last).click();
  await expect(editor.moduleForm("busy")).toBeVisible();
  await page.getByRole("button", { name: "Fit to view" }).click();
  await editor.expectInView(last);
  expect(await zoom()).toBeGreaterThanOrEqual(0.75);
});
