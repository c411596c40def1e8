import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import {
  type AcmeResources,
  acmeResources,
  createFlow,
  fetchFlow,
  FlowEditorPage,
  greetingFlow,
  signInToOwnFlows,
  uniqueName,
} from "./flow-editor-page";
import { confirmWith, DESKTOP, PHONE, scrollsSideways } from "./helpers";

// Extensions 948 to 952 are this file's own.

test("the graph: the minimap is hidden until asked for and then draws the modules, and the status never says Draft saved while the draft state loads", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const { document } = greetingFlow(acme, { name: uniqueName("E2E graph view"), extension: 948 });
  const created = await createFlow(request, document);

  // While the draft state is still loading, the status never claims "Draft saved".
  let releaseState: () => void = () => {};
  const stateHeld = new Promise<void>((resolve) => {
    releaseState = resolve;
  });
  const isDraftState = (url: URL) => url.pathname.includes("callFlowDrafts.state");
  await page.route(isDraftState, async (route) => {
    await stateHeld;
    await route.continue();
  });
  const accountId = await signInToOwnFlows(page);
  await page.goto(`/accounts/${accountId}/flows/${created.uuid}`);
  await expect(page.getByTestId("editor-status")).toHaveText("Checking for a draft…");
  // Meanwhile the draft controls are shapes, not buttons that could act on an unknown state, and
  // the graph already draws the flow: never an empty one.
  await expect(page.getByTestId("draft-bar-skeleton")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("flow-graph").locator(".react-flow__node-module")).toHaveCount(3);
  releaseState();
  const editor = new FlowEditorPage(page);
  await expect(editor.status).toHaveText(/^Live \(version \d+\)$/);
  await page.unroute(isDraftState);
  await expect(page.getByTestId("draft-bar-skeleton")).toHaveCount(0);

  const graph = page.getByTestId("flow-graph");
  await expect(graph.locator(".react-flow__node-module")).toHaveCount(3);

  // The minimap: none until the control asks for it, then one that draws each module.
  await expect(graph.locator(".react-flow__minimap")).toHaveCount(0);
  await graph.getByRole("button", { name: "Show minimap" }).click();
  await expect(graph.locator(".react-flow__minimap")).toBeVisible();
  await expect(graph.locator(".react-flow__minimap-node")).toHaveCount(3);
  await graph.getByRole("button", { name: "Hide minimap" }).click();
  await expect(graph.locator(".react-flow__minimap")).toHaveCount(0);
});

test("a route's label is at least 11 px with a box behind it", async ({ page }) => {
  const editor = await FlowEditorPage.createNew(page);
  const start = editor.moduleForm("start");
  const ivrKey = await editor.routeToNew(start, "Then go to", "pressextension");
  const ivr = await editor.open("pressextension", ivrKey);
  await editor.routeToNew(ivr, "Key 1", "extension");
  const label = page.getByTestId("flow-graph").locator(".route-label").first();
  await expect(label).toBeVisible();
  const fontSize = await label.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(11);
  // On screen too, at whatever zoom the graph opened with.
  const box = await label.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(11);
  await expect(label.locator("xpath=preceding-sibling::*[local-name()='rect']")).toHaveCount(1);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId("flow-graph").screenshot({ path: "test-results/flow-graph-1440.png" });
});

/** An IVR whose twelve routes lead to four modules, several keys to each: its labels crowd. */
function denseMenuFlow(acme: AcmeResources, settings: { name: string; extension: number }) {
  const keys = { start: randomUUID(), menu: randomUUID(), a: randomUUID(), b: randomUUID(), c: randomUUID(), busy: randomUUID() };
  const sound = acme["Acme welcome greeting"];
  const play = (next: string) => ({ module: "play", sound, next });
  const document = {
    ...settings,
    flow: {
      [keys.start]: { module: "start", next: keys.menu },
      [keys.menu]: {
        module: "pressextension",
        sound,
        next: {
          "0": keys.b,
          "1": keys.a,
          "2": keys.a,
          "3": keys.b,
          "4": keys.b,
          "5": keys.c,
          "6": keys.c,
          "7": keys.busy,
          "8": keys.busy,
          "9": keys.a,
          invalid: keys.busy,
          timeout: keys.a,
        },
      },
      [keys.a]: play(keys.busy),
      [keys.b]: play(keys.busy),
      [keys.c]: play(keys.busy),
      [keys.busy]: { module: "busy" },
    },
  };
  return { keys, document };
}

/** Whether any two of the boxes overlap. */
function overlapping(boxes: readonly { x: number; y: number; width: number; height: number }[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) => {
    boxes.slice(i + 1).forEach((b, j) => {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        found.push(`${i} and ${i + 1 + j}`);
    });
  });
  return found;
}

test("on a dense IVR, route labels are at least 11 px, never overlap, and name every key; the IVR shows its prompt and keys", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const { keys, document } = denseMenuFlow(acme, { name: uniqueName("E2E dense menu"), extension: 949 });
  const flow = await createFlow(request, document);
  await page.setViewportSize(DESKTOP);
  await FlowEditorPage.open(page, flow.uuid);
  const graph = page.getByTestId("flow-graph");

  // Keys that lead to the same module share one label.
  const labels = graph.locator(".route-label");
  await expect(labels).toHaveCount(4);
  expect((await labels.allTextContents()).sort()).toEqual(["0 · 3 · 4", "1 · 2 · 9 · timeout", "5 · 6", "7 · 8 · invalid"]);
  for (const label of await labels.all()) {
    expect(await label.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(11);
    expect((await label.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(11);
  }
  const boxes = await Promise.all((await graph.locator(".route-label-box").all()).map((box) => box.boundingBox()));
  expect(boxes).toHaveLength(4);
  expect(overlapping(boxes.flatMap((box) => (box ? [box] : [])))).toEqual([]);

  // The menu's box names its prompt and lists its keys.
  const menu = page.getByTestId(`node-${keys.menu}`);
  await expect(menu).toContainText("Acme welcome greeting");
  await expect(page.getByTestId(`keys-${keys.menu}`)).toHaveText(
    "Keys: 0 · 1 · 2 · 3 · 4 · 5 · 6 · 7 · 8 · 9 · invalid · timeout",
  );
  await graph.screenshot({ path: "test-results/dense-menu-1440.png" });
});

test("the canvas takes most of the window beside the navigation; the side panel collapses, stays collapsed, and stacks on a phone", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const flow = await createFlow(request, greetingFlow(acme, { name: uniqueName("E2E canvas"), extension: 950 }).document);
  await page.setViewportSize(DESKTOP);
  await FlowEditorPage.open(page, flow.uuid);
  const graph = page.getByTestId("flow-graph");
  const panel = page.getByRole("complementary", { name: "Forms and checks" });
  const toggle = page.getByRole("button", { name: "Side panel" });

  // Beside the 240 px navigation, at least 70% of the width, down to the bottom of the window.
  const main = await page.locator("main").boundingBox();
  const open = await graph.boundingBox();
  if (!main || !open) throw new Error("the page has no main column or no graph");
  expect(open.width).toBeGreaterThanOrEqual(0.7 * main.width);
  expect(open.y + open.height).toBeGreaterThan(DESKTOP.height - 60);
  // Once the workspace has taken the height left to it (measured after the first render).
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(DESKTOP.height);
  await expect(panel.getByRole("tab", { name: "Modules" })).toBeVisible();

  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(panel).toBeHidden();
  await expect.poll(async () => (await graph.boundingBox())?.width ?? 0).toBeGreaterThan(open.width + 250);
  // The browser remembers the choice.
  await page.reload();
  await expect(page.getByTestId("editor-status")).toHaveText(/^Live/);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(panel).toBeHidden();
  await toggle.click();
  await expect(panel).toBeVisible();

  // On a phone the panel comes under the graph, and nothing scrolls sideways. A phone opens on
  // the flow's list of steps; the Modules tab shows the graph.
  await page.setViewportSize(PHONE);
  await page.getByRole("tab", { name: "Modules" }).click();
  await expect(graph).toBeVisible();
  const graphOnPhone = await graph.boundingBox();
  const panelOnPhone = await panel.boundingBox();
  if (!graphOnPhone || !panelOnPhone) throw new Error("the graph or the panel is not drawn");
  expect(panelOnPhone.y).toBeGreaterThanOrEqual(graphOnPhone.y + graphOnPhone.height);
  // The graph itself is drawn at that size, its modules on it.
  expect(graphOnPhone.height).toBeGreaterThanOrEqual(400);
  expect((await graph.locator(".react-flow__renderer").boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(400);
  await expect(graph.locator(".react-flow__node-module").first()).toBeInViewport();
  expect(await scrollsSideways(page)).toBe(false);
});

/** The middle of a route's line on screen, where a person points at it. */
async function middleOfRoute(page: Page, edgeId: string): Promise<{ x: number; y: number }> {
  return page.getByTestId(`rf__edge-${edgeId}`).evaluate((edge) => {
    const path = edge.querySelector<SVGPathElement>("path.react-flow__edge-path");
    const matrix = path?.getScreenCTM();
    if (!path || !matrix) throw new Error("the route has no line");
    const point = path.getPointAtLength(path.getTotalLength() / 2);
    return { x: point.x * matrix.a + point.y * matrix.c + matrix.e, y: point.x * matrix.b + point.y * matrix.d + matrix.f };
  });
}

test("a step is inserted on a connection from the keyboard, drawn between its modules, and publishing names the changes", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const { keys, document } = greetingFlow(acme, { name: uniqueName("E2E insert"), extension: 951 });
  const flow = await createFlow(request, document);
  await page.setViewportSize(DESKTOP);
  const editor = await FlowEditorPage.open(page, flow.uuid);

  // Pointing at a connection offers the button.
  const insertButton = page.getByRole("button", { name: "Insert a step here" });
  await expect(insertButton).toHaveCount(0);
  const middle = await middleOfRoute(page, `${keys.play}:next`);
  await page.mouse.move(middle.x, middle.y);
  await expect(insertButton).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(insertButton).toHaveCount(0);

  // From the keyboard: the route between Start and the greeting, Enter, the button, a type.
  await page.getByTestId(`rf__edge-${keys.start}:next`).focus();
  await page.keyboard.press("Enter");
  await expect(insertButton).toBeFocused();
  await page.keyboard.press("Enter");
  const picker = page.getByRole("dialog", { name: "Insert a step between Start and Play sound 1" });
  await picker.getByLabel("Type of the new module").selectOption({ label: "Play sound" });
  await picker.getByRole("button", { name: "Insert" }).click();
  await expect(picker).toHaveCount(0);

  const form = editor.moduleForm("play");
  const added = await editor.keyOf(form);
  expect(added).not.toBe(keys.play);
  await expect(form.getByLabel("Then go to", { exact: true })).toHaveValue(keys.play);
  await editor.expectInView(added);
  const [start, inserted, greeting] = await Promise.all(
    [keys.start, added, keys.play].map(async (key) => (await editor.node(key).boundingBox())?.y ?? Number.NaN),
  );
  expect(start).toBeLessThan(inserted as number);
  expect(inserted).toBeLessThan(greeting as number);
  await form.getByLabel("Sound", { exact: true }).selectOption(acme["Acme welcome greeting"] as string);

  // Publishing asks first and says what changes, by module name.
  await editor.publishButton.click();
  const summary = page.getByRole("alertdialog", { name: "Publish this draft?" }).getByTestId("publish-summary");
  await expect(summary.getByRole("listitem")).toHaveText(["1 module added: Play sound 2", "1 module changed: Start"]);
  await confirmWith(page, "Publish");
  await expect(editor.status).toHaveText("Live (version 2)");
  const published = (await fetchFlow(request, flow.uuid)).flow;
  expect(published[keys.start]).toEqual({ module: "start", next: added });
  expect(published[added]).toEqual({ module: "play", sound: acme["Acme welcome greeting"], next: keys.play });
});

test("choosing a new module in Start's route inserts it before the IVR instead of cutting the IVR off", async ({
  page,
  request,
}) => {
  const acme = await acmeResources(request);
  const keys = { start: randomUUID(), menu: randomUUID(), busy: randomUUID() };
  const flow = await createFlow(request, {
    name: uniqueName("E2E insert before menu"),
    extension: 952,
    flow: {
      [keys.start]: { module: "start", next: keys.menu },
      [keys.menu]: {
        module: "pressextension",
        sound: acme["Acme welcome greeting"],
        next: { "1": keys.busy, invalid: keys.busy, timeout: keys.busy },
      },
      [keys.busy]: { module: "busy" },
    },
  });
  await page.setViewportSize(DESKTOP);
  const editor = await FlowEditorPage.open(page, flow.uuid);
  const added = await editor.routeToNew(editor.moduleForm("start"), "Then go to", "play");
  await expect(page.getByText(/^Inserted Play sound 1 before IVR menu 1/)).toBeVisible();

  // Start leads to the new module, which leads on to the IVR: no line from Start to the IVR remains.
  const graph = page.getByTestId("flow-graph");
  await expect(graph.locator('[aria-label="From Start to IVR menu 1"]')).toHaveCount(0);
  await expect(graph.locator('[aria-label="From Start to Play sound 1"]')).toHaveCount(1);
  await expect(graph.locator('[aria-label="From Play sound 1 to IVR menu 1"]')).toHaveCount(1);
  // Drawn beside its parent, between Start and the IVR, in view.
  const [start, inserted, menu] = await Promise.all(
    [keys.start, added, keys.menu].map(async (key) => (await editor.node(key).boundingBox())?.y ?? Number.NaN),
  );
  expect(start).toBeLessThan(inserted as number);
  expect(inserted).toBeLessThan(menu as number);
  const form = await editor.open("play", added);
  await expect(form.getByLabel("Then go to", { exact: true })).toHaveValue(keys.menu);
});
