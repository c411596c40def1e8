import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  ACME_API_HEADERS,
  acmeResources,
  createFlow,
  fetchFlow,
  FlowEditorPage,
  greetingFlow,
  uniqueName,
  type AcmeResources,
} from "./flow-editor-page";

// Copy and paste go through the system clipboard, which a page reaches only with permission.
test.use({ permissions: ["clipboard-read", "clipboard-write"], viewport: { width: 1280, height: 900 } });

async function freeExtension(page: Page): Promise<number> {
  const response = await page.request.get("/voip/next-extension/flow", { headers: ACME_API_HEADERS });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { extension: number } }).result.extension;
}

/** A stored flow of acme's (start, a greeting, a busy tone), opened in the editor; signs in unless `signedIn`. */
async function openGreetingFlow(page: Page, acme?: AcmeResources, signedIn = false) {
  const resources = acme ?? (await acmeResources(page.request));
  const { keys, document } = greetingFlow(resources, { name: uniqueName("By hand"), extension: await freeExtension(page) });
  const stored = await createFlow(page.request, document);
  let editor: FlowEditorPage;
  if (signedIn) {
    const accountId = new URL(page.url()).pathname.split("/")[2];
    await page.goto(`/accounts/${accountId}/flows/${stored.uuid}`);
    editor = new FlowEditorPage(page);
    await expect(editor.status).toHaveText("Live (version 1)");
  } else {
    editor = await FlowEditorPage.open(page, stored.uuid);
  }
  // The mouse reaches only what is on screen.
  await page.getByTestId("flow-graph").evaluate((graph) => graph.scrollIntoView({ block: "end" }));
  await expect(editor.node(keys.busy)).toBeInViewport();
  return { editor, keys, flowId: stored.uuid, resources };
}

/** Drags with the mouse, in steps, as a person does: from the middle of one element to a point. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }) {
  const box = await from.boundingBox();
  if (!box) throw new Error("nothing to drag from");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not drawn");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function routePicker(form: Locator, label: string): Locator {
  return form.getByLabel(label, { exact: true });
}

test("dragging a route's handle onto another module connects that route", async ({ page }) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  const handle = page.getByRole("button", { name: "Route 'next' of Start" });
  await expect(handle).toBeVisible();
  await drag(page, handle, await centreOf(editor.node(keys.busy)));

  await expect(editor.status).toHaveText(/Unsaved changes|before saving/);
  const start = await editor.open("start", keys.start);
  await expect(routePicker(start, "Then go to")).toHaveValue(keys.busy);
  await expect(page.getByRole("group", { name: "From Start to Busy tone 1" })).toHaveCount(1);
});

test("a module moved by dragging stays where it was put when the flow is opened again", async ({ page }) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  // React Flow places each node by a transform of its wrapper, in the flow's own coordinates.
  const placeOfBusy = () =>
    editor
      .node(keys.busy)
      .locator("xpath=..")
      .evaluate((node) => (node as HTMLElement).style.transform);
  const before = await placeOfBusy();
  const at = await centreOf(editor.node(keys.busy));
  const saved = page.waitForResponse((response) => response.url().includes("callFlowLayouts.save") && response.ok());
  await drag(page, editor.node(keys.busy), { x: at.x + 200, y: at.y + 40 });
  await saved;
  const moved = await placeOfBusy();
  expect(moved).not.toBe(before);

  await page.reload();
  await expect(editor.status).toHaveText(/^Live \(version \d+\)$/);
  await expect.poll(placeOfBusy).toBe(moved);
});

test("a route dropped on empty canvas adds the module chosen there; a type dragged from the palette adds one too", async ({
  page,
}) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  const graph = page.getByTestId("flow-graph");
  const box = (await graph.boundingBox())!;
  const modules = page.locator(".react-flow__node-module");
  await expect(modules).toHaveCount(3);

  // The busy tone's own route is none; the greeting's "next" is dropped left of the flow.
  await drag(page, page.getByRole("button", { name: "Route 'next' of Play sound 1" }), {
    x: box.x + 40,
    y: box.y + box.height / 2,
  });
  const picker = page.getByRole("dialog", { name: "Add a module where the route was dropped" });
  await picker.getByLabel("Type of the new module").selectOption({ label: "Voicemail" });
  await picker.getByRole("button", { name: "Add here" }).click();
  await expect(modules).toHaveCount(4);
  const voicemail = await editor.keyOf(editor.moduleForm("voicemail"));
  const play = await editor.open("play", keys.play);
  await expect(routePicker(play, "Then go to")).toHaveValue(voicemail);

  await page.getByText("Module palette", { exact: true }).click();
  await page.getByTestId("palette-conference").dragTo(graph, { targetPosition: { x: 60, y: 60 } });
  await expect(modules).toHaveCount(5);
  await expect(editor.moduleForm("conference")).toBeVisible();
});

test("selecting an edge and pressing Delete clears that route", async ({ page }) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  const edge = page.getByRole("group", { name: "From Play sound 1 to Busy tone 1" });
  await edge.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Delete");
  await expect(edge).toHaveCount(0);
  await expect(page.getByTestId(`empty-route-${keys.play}`)).toBeVisible();
  const play = await editor.open("play", keys.play);
  await expect(routePicker(play, "Then go to")).toHaveValue("");
});

test("undo and redo go back and forth across a graph edit and a form edit", async ({ page }) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  await expect(undo).toBeDisabled();

  // A graph edit: Start now skips the greeting.
  await drag(page, page.getByRole("button", { name: "Route 'next' of Start" }), await centreOf(editor.node(keys.busy)));
  await expect(page.getByRole("group", { name: "From Start to Busy tone 1" })).toHaveCount(1);
  // A form edit: the busy tone lasts 5 seconds.
  const busy = await editor.open("busy", keys.busy);
  const seconds = busy.getByRole("spinbutton");
  await seconds.fill("5");
  await expect(seconds).toHaveValue("5");

  await seconds.press("ControlOrMeta+z");
  await expect(seconds).toHaveValue("");
  await expect(page.getByRole("group", { name: "From Start to Busy tone 1" })).toHaveCount(1);
  await undo.click();
  await expect(page.getByRole("group", { name: "From Start to Busy tone 1" })).toHaveCount(0);
  await expect(page.getByRole("group", { name: "From Start to Play sound 1" })).toHaveCount(1);
  // Both edits are undone: the history is back at its start.
  await expect(undo).toBeDisabled();

  await page.keyboard.press("Shift+ControlOrMeta+z");
  await expect(page.getByRole("group", { name: "From Start to Busy tone 1" })).toHaveCount(1);
  await page.getByRole("button", { name: "Redo", exact: true }).click();
  await expect(editor.moduleForm("busy").getByRole("spinbutton")).toHaveValue("5");
  await expect(page.getByRole("button", { name: "Redo", exact: true })).toBeDisabled();
});

test("modules copied in one flow paste into another with fresh keys, inner routes kept and outer ones cleared", async ({
  page,
}) => {
  test.slow();
  const acme = await acmeResources(page.request);
  const source = await openGreetingFlow(page, acme);
  // Select the greeting and the busy tone (Shift adds to the selection) and copy them.
  await source.editor.node(source.keys.play).click();
  await source.editor.node(source.keys.busy).click({ modifiers: ["Shift"] });
  await expect(page.locator(".react-flow__node-module.selected")).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+c");
  await expect(page.getByText("Copied 2 modules.")).toBeVisible();

  const target = await openGreetingFlow(page, acme, true);
  await target.editor.node(target.keys.start).click();
  await page.keyboard.press("ControlOrMeta+v");
  await expect(page.getByText("Pasted 2 modules.")).toBeVisible();
  await expect(page.locator(".react-flow__node-module")).toHaveCount(5);
  await target.editor.save(2);

  const saved = await fetchFlow(page.request, target.flowId);
  const targetKeys: string[] = Object.values(target.keys);
  const sourceKeys: string[] = Object.values(source.keys);
  const pastedKeys = Object.keys(saved.flow).filter((key) => !targetKeys.includes(key));
  expect(pastedKeys).toHaveLength(2);
  for (const key of pastedKeys) expect(sourceKeys).not.toContain(key);
  const pastedPlay = pastedKeys.find((key) => saved.flow[key]?.module === "play")!;
  const pastedBusy = pastedKeys.find((key) => saved.flow[key]?.module === "busy")!;
  // Same account: the greeting keeps its sound; its route to the copied busy tone follows the copy.
  expect(saved.flow[pastedPlay]).toEqual({ module: "play", sound: acme["Acme welcome greeting"], next: pastedBusy });
  // The source flow is untouched.
  expect(Object.keys((await fetchFlow(page.request, source.flowId)).flow).sort()).toEqual(sourceKeys.sort());
});

test("a route handle is reachable by keyboard and opens that route's picker", async ({ page }) => {
  test.slow();
  const { editor, keys } = await openGreetingFlow(page);
  const handle = page.getByRole("button", { name: "Route 'next' of Play sound 1" });
  await handle.focus();
  await expect(handle).toBeFocused();
  await page.keyboard.press("Enter");
  const play = editor.moduleForm("play");
  await expect(play).toHaveAttribute("data-module-key", keys.play);
  await expect(routePicker(play, "Then go to")).toBeFocused();
});
