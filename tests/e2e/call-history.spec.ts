import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACME_API_HEADERS, createFlow, uniqueName } from "./flow-editor-page";
import { signInAndWait } from "./helpers";

// Calls as the switch reports them, then read in the portal: one call's path drawn on the graph
// of the version it ran on, and the flow's analytics agreeing with the REST API's stats.

const keys = { start: randomUUID(), menu: randomUUID(), ring: randomUUID(), mail: randomUUID() };
const FLOW = {
  [keys.start]: { module: "start", next: keys.menu },
  [keys.menu]: { module: "pressextension", next: { "1": keys.ring, "2": keys.mail, timeout: keys.mail } },
  [keys.ring]: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: keys.mail },
  [keys.mail]: { module: "busy" },
};

type Step = { module: string; at: string; route?: string };

/** A call starting `offset` seconds from `base`, through `path` (module, route left by), one step a second. */
function call(id: string, base: number, path: [string, string?][], outcome: string, caller = "+447700900123") {
  const steps: Step[] = path.map(([module, route], index) => ({
    module,
    at: new Date(base + index * 1000).toISOString(),
    ...(route ? { route } : {}),
  }));
  return {
    call_id: id,
    number: "+441632960001",
    caller,
    started_at: new Date(base).toISOString(),
    ended_at: new Date(base + path.length * 1000 + 5000).toISOString(),
    outcome,
    steps,
  };
}

test("posted calls: a call's path is drawn on its flow's graph, and the flow's Analytics agree with the stats API", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const flow = await createFlow(request, { name: uniqueName("E2E calls"), extension: 960, flow: FLOW });
  // Just after the flow's creation, so version 1 is the version live when they started.
  const base = Date.now() + 2000;
  const run = randomUUID().slice(0, 8);
  const caller = `+4477009${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`;
  const rung = call(`e2e-${run}-rung`, base, [[keys.start, "next"], [keys.menu, "1"], [keys.ring]], "answered", caller);
  const calls = [
    rung,
    call(`e2e-${run}-timeout`, base + 1000, [[keys.start, "next"], [keys.menu, "timeout"], [keys.mail]], "hangup"),
    call(`e2e-${run}-two`, base + 2000, [[keys.start, "next"], [keys.menu, "2"], [keys.mail]], "voicemail"),
  ].map((each) => ({ ...each, flow: flow.uuid }));
  const posted = await request.post("/voip/call", { headers: ACME_API_HEADERS, data: { calls } });
  expect(posted.status(), await posted.text()).toBe(200);
  expect((await posted.json()).result).toEqual({ accepted: 3, duplicates: 0, rejected: [] });

  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calls", exact: true }).click();
  const filters = page.getByRole("form", { name: "Filter calls" });
  await filters.getByLabel("Caller").fill(caller);
  await filters.getByRole("button", { name: "Show calls" }).click();
  const rows = page.getByRole("table", { name: "Calls" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await rows.nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Call", level: 1 })).toBeVisible();

  const graph = page.getByTestId("flow-graph-view");
  await expect(graph.getByTestId(`overlay-${keys.start}`)).toHaveText("Step 1 · +0 s");
  await expect(graph.getByTestId(`overlay-${keys.menu}`)).toHaveText("Step 2 · +1 s");
  await expect(graph.getByTestId(`overlay-${keys.ring}`)).toHaveText("Step 3 · +2 s");
  // The module it did not go through carries no figure; the routes taken are drawn bold, the others faint.
  await expect(graph.getByTestId(`overlay-${keys.mail}`)).toHaveCount(0);
  const strokeOf = (source: string, handle: string) =>
    graph
      .locator(`[data-id="${source}:${handle}"] path.react-flow__edge-path`)
      .evaluate((path) => getComputedStyle(path).strokeWidth);
  expect(Number.parseFloat(await strokeOf(keys.menu, "next.1"))).toBeGreaterThan(5);
  expect(Number.parseFloat(await strokeOf(keys.menu, "next.2"))).toBeLessThan(2);
  await expect(page.getByTestId("call-steps").getByRole("listitem")).toHaveText([
    /1.*Start.*went on/,
    /2.*pressed 1/,
    /3.*the call ended here: answered/,
  ]);

  // From the call to its flow's Analytics: the tab's default range is the last 30 UTC days.
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const range = `from=${day(Date.now() - 29 * 86_400_000)}&to=${day(Date.now())}`;
  const answer = await request.get(`/voip/flow/${flow.uuid}/stats?${range}`, { headers: ACME_API_HEADERS });
  expect(answer.status()).toBe(200);
  const stats = (await answer.json()).result as {
    calls: number;
    modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }>;
  };
  expect(stats.calls).toBe(3);
  await page.getByRole("link", { name: "Its analytics" }).click();
  await expect(page.getByRole("tab", { name: "Analytics", selected: true })).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Figures" })
      .getByRole("row", { name: /^Calls\b/ })
      .getByRole("cell"),
  ).toHaveText(String(stats.calls));
  const menu = stats.modules[keys.menu]!;
  await expect(page.getByTestId(`overlay-${keys.menu}`)).toHaveText(
    `${menu.entered} in · ${Math.round((menu.ended_here / menu.entered) * 100)}% ended`,
  );
});
