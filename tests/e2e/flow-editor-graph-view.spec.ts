import { expect, test } from "@playwright/test";
import { acmeResources, createFlow, FlowEditorPage, greetingFlow, signInToOwnFlows, uniqueName } from "./flow-editor-page";

// Extension 948 is this file's own.

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
  releaseState();
  await page.unroute(isDraftState);
  const editor = new FlowEditorPage(page);
  await expect(editor.status).toHaveText(/^Live \(version \d+\)$/);

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
