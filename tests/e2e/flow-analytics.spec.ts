import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { DESKTOP, PHONE, scrollsSideways, seriousAccessibilityViolations, signInAtAnyWidth } from "./helpers";
import { ACME_API_HEADERS, acmeResources, createFlow, uniqueName } from "./flow-editor-page";

// The flow editor's Analytics tab, on calls posted over the REST API as the switch posts them:
// the numbers it shows are the ones GET /voip/flow/{uuid}/stats answers for the same days, the
// graph carries them as heat, the CSV holds the calls, and on a phone it works without the graph.

type Stats = {
  calls: number;
  outcomes: Record<string, number>;
  median_duration_s: number | null;
  modules: Record<string, { entered: number; ended_here: number; routes: Record<string, number> }>;
};

const DAY = 86_400_000;
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
/** The tab's default range: the last 30 UTC days, today included. */
const LAST_30_DAYS = { from: utcDay(Date.now() - 29 * DAY), to: utcDay(Date.now()) };

/** A share as the tab shows it (graph-overlay.ts's `percent`). */
const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/** A flow of acme's: start → an IVR menu; 1 rings a busy tone, no key (timeout) plays another. */
async function menuFlow(request: APIRequestContext) {
  const acme = await acmeResources(request);
  const keys = { start: randomUUID(), menu: randomUUID(), pressed: randomUUID(), timedOut: randomUUID() };
  const flow = await createFlow(request, {
    name: uniqueName("Analytics"),
    extension: 700 + Math.floor(Math.random() * 200),
    flow: {
      [keys.start]: { module: "start", next: keys.menu },
      [keys.menu]: {
        module: "pressextension",
        sound: acme["Acme welcome greeting"],
        next: { "1": keys.pressed, timeout: keys.timedOut, invalid: keys.timedOut },
      },
      [keys.pressed]: { module: "busy" },
      [keys.timedOut]: { module: "busy" },
    },
  });
  return { flow, keys };
}

/** Posts `pressed` calls that pressed 1 and `timedOut` that pressed nothing, started over the last hours. */
async function postCalls(
  request: APIRequestContext,
  flowId: string,
  keys: Awaited<ReturnType<typeof menuFlow>>["keys"],
  counts: { pressed: number; timedOut: number },
) {
  const calls = Array.from({ length: counts.pressed + counts.timedOut }, (_, i) => {
    const started = Date.now() - (i + 1) * 7 * 60_000;
    const at = (seconds: number) => new Date(started + seconds * 1000).toISOString();
    const pressed = i < counts.pressed;
    return {
      call_id: `analytics-${randomUUID()}`,
      flow: flowId,
      number: "+441632960001",
      caller: `+4477009001${String(i).padStart(2, "0")}`,
      started_at: at(0),
      ended_at: at(20 + i),
      outcome: pressed ? "answered" : "hangup",
      steps: [
        { module: keys.start, at: at(0), route: "next" },
        { module: keys.menu, at: at(1), route: pressed ? "1" : "timeout" },
        { module: pressed ? keys.pressed : keys.timedOut, at: at(8) },
      ],
    };
  });
  const response = await request.post("/voip/call", { headers: ACME_API_HEADERS, data: { calls } });
  expect(response.status(), await response.text()).toBe(200);
  expect(((await response.json()) as { result: { accepted: number } }).result.accepted).toBe(calls.length);
  return calls;
}

async function statsOf(request: APIRequestContext, flowId: string): Promise<Stats> {
  const response = await request.get(`/voip/flow/${flowId}/stats?from=${LAST_30_DAYS.from}&to=${LAST_30_DAYS.to}`, {
    headers: ACME_API_HEADERS,
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: Stats }).result;
}

/** Signs in as acme's owner (at any width), opens the flow and its Analytics tab. */
async function openAnalytics(page: Page, flowId: string) {
  await signInAtAnyWidth(page, "owner@acme.example");
  await expect(page).toHaveURL(/\/accounts\/[^/]+$/);
  await page.goto(`${new URL(page.url()).pathname}/flows/${flowId}`);
  await page.getByRole("tab", { name: "Analytics", exact: true }).click();
  await expect(page.getByText(/^Loading\b/)).toHaveCount(0);
}

test.describe("at 1440 px", () => {
  test.use({ viewport: DESKTOP });

  test("the Analytics tab shows the numbers the stats API answers, as heat on the graph too, and exports the calls", async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    const { flow, keys } = await menuFlow(request);
    const posted = await postCalls(request, flow.uuid, keys, { pressed: 6, timedOut: 4 });
    const stats = await statsOf(request, flow.uuid);
    expect(stats.calls).toBe(10);

    await openAnalytics(page, flow.uuid);
    const figures = page.getByRole("table", { name: "Figures" });
    await expect(figures.getByRole("row", { name: /^Calls\b/ }).getByRole("cell")).toHaveText(String(stats.calls));
    await expect(figures.getByRole("row", { name: /^Answered\b/ }).getByRole("cell")).toHaveText(
      `${stats.outcomes.answered} (${share(stats.outcomes.answered!, stats.calls)})`,
    );

    const menu = stats.modules[keys.menu]!;
    const menuRow = page.getByRole("table", { name: "Modules" }).getByRole("row", { name: /^IVR menu 1\b/ });
    const cells = menuRow.getByRole("cell");
    await expect(cells.nth(0)).toHaveText(`${menu.entered} (${share(menu.entered, stats.calls)})`);
    await expect(cells.nth(1)).toHaveText(`${share(menu.ended_here, menu.entered)} (${menu.ended_here})`);
    await expect(cells.nth(2)).toContainText(`pressed 1: ${share(menu.routes["1"]!, stats.calls)}`);
    await expect(cells.nth(2)).toContainText(`pressed nothing (timed out): ${share(menu.routes.timeout!, stats.calls)}`);
    // Modules by name, never by key.
    await expect(page.getByRole("table", { name: "Modules" })).not.toContainText(keys.menu);

    // The graph carries the same figures while the tab is open.
    await expect(page.getByTestId(`overlay-${keys.menu}`)).toHaveText(
      `${menu.entered} in · ${share(menu.ended_here, menu.entered)} ended`,
    );
    const pressedShare = share(menu.routes["1"]!, stats.calls);
    await expect(page.getByLabel(new RegExp(`^From IVR menu 1 to Busy tone 1 \\(1, ${pressedShare}\\)$`))).toHaveCount(1);

    // The chart is named and summed up, and its numbers are a table too.
    await expect(
      page.getByRole("img", { name: new RegExp(`^Stacked bars of calls per day by outcome, 30 days, ${stats.calls} calls`) }),
    ).toBeVisible();
    await page.getByText("The chart's numbers as a table").click();
    const perDay = page.getByRole("table", { name: "Calls per day by outcome" });
    await expect(perDay.getByRole("row")).not.toHaveCount(1);

    // The CSV: one row per call posted, with its steps.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export calls (CSV)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^calls-analytics-.*-${LAST_30_DAYS.from}-${LAST_30_DAYS.to}\\.csv$`),
    );
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
    expect(lines[0]).toBe('"call_id","started_at","ended_at","duration_s","outcome","number","caller","flow_version","steps"');
    expect(lines.length).toBe(posted.length + 1);
    const first = posted.at(-1)!;
    expect(lines[1]).toContain(`"${first.call_id}"`);
    expect(lines[1]).toContain(`"${keys.start}>next;${keys.menu}>timeout;${keys.timedOut}"`);

    // Leaving the tab leaves the graph plain.
    await page.getByRole("tab", { name: "Steps" }).click();
    await expect(page.getByTestId(`overlay-${keys.menu}`)).toHaveCount(0);
  });

  test("a second version's numbers stand beside the first's", async ({ page, request }) => {
    test.setTimeout(180_000);
    const { flow, keys } = await menuFlow(request);
    await postCalls(request, flow.uuid, keys, { pressed: 3, timedOut: 1 });
    const updated = await request.put(`/voip/flow/${flow.uuid}`, {
      headers: ACME_API_HEADERS,
      data: { name: `${flow.name} v2`, extension: flow.extension, flow: flow.flow },
    });
    expect(updated.status(), await updated.text()).toBe(200);
    // Calls on version 2 start after it was saved.
    const later = Array.from({ length: 2 }, () => {
      const started = Date.now() + 1000;
      const at = (seconds: number) => new Date(started + seconds * 1000).toISOString();
      return {
        call_id: `analytics-${randomUUID()}`,
        flow: flow.uuid,
        started_at: at(0),
        ended_at: at(5),
        outcome: "hangup",
        steps: [
          { module: keys.start, at: at(0), route: "next" },
          { module: keys.menu, at: at(1) },
        ],
      };
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const response = await request.post("/voip/call", { headers: ACME_API_HEADERS, data: { calls: later } });
    expect(((await response.json()) as { result: { accepted: number } }).result.accepted).toBe(2);

    await openAnalytics(page, flow.uuid);
    await page.getByLabel("Version", { exact: true }).selectOption({ label: "Version 1 · 4 calls" });
    await page.getByLabel("Compare with").selectOption({ label: "Version 2 · 2 calls" });
    const figures = page.getByRole("table", { name: "Figures" });
    await expect(figures.getByRole("columnheader", { name: "A: Version 1" })).toBeVisible();
    await expect(figures.getByRole("row", { name: /^Calls\b/ }).getByRole("cell")).toHaveText(["4", "2"]);
    const menuRow = page.getByRole("table", { name: "Modules" }).getByRole("row", { name: /^IVR menu 1\b/ });
    // Version 1: 1 of 4 timed out at the menu and went on; version 2: both ended in it.
    await expect(menuRow.getByRole("cell").nth(1)).toHaveText("0% (0)");
    await expect(menuRow.getByRole("cell").nth(3)).toHaveText("100% (2)");
    await expect(menuRow.getByRole("cell").nth(4)).toContainText("ended here +100 pts");
    await expect(page.getByTestId(`overlay-${keys.menu}`)).toHaveText("A 4 · B 2");
    // Each version's outcomes per day, one chart each: version 2's one day holds its two calls.
    await expect(page.getByTestId("outcomes-chart")).toHaveCount(2);
    const chartB = page.getByRole("figure", { name: "Outcomes per day, B: Version 2" });
    await chartB.getByText("The chart's numbers as a table").click();
    const daysB = chartB.getByRole("table", { name: "Calls per day by outcome, B: Version 2" });
    await expect(daysB.getByRole("row")).toHaveCount(2);
    await expect(daysB.getByRole("row").nth(1).getByRole("cell").nth(1)).toHaveText("2");
    await expect(page.getByRole("figure", { name: "Outcomes per day, A: Version 1" })).toBeVisible();
  });
});

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });

  test("the Analytics tab stands alone on a phone: figures, modules and chart, without the graph", async ({ page, request }) => {
    test.setTimeout(180_000);
    const { flow, keys } = await menuFlow(request);
    await postCalls(request, flow.uuid, keys, { pressed: 2, timedOut: 3 });
    const stats = await statsOf(request, flow.uuid);
    await openAnalytics(page, flow.uuid);
    await expect(
      page
        .getByRole("table", { name: "Figures" })
        .getByRole("row", { name: /^Calls\b/ })
        .getByRole("cell"),
    ).toHaveText(String(stats.calls));
    await expect(page.getByRole("table", { name: "Modules" }).getByRole("row", { name: /^IVR menu 1\b/ })).toBeVisible();
    await expect(page.getByTestId("outcomes-chart")).toBeVisible();
    await expect(page.locator(".react-flow")).toHaveCount(0);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  test("a flow without calls says so, and how calls arrive", async ({ page, request }) => {
    const { flow } = await menuFlow(request);
    await openAnalytics(page, flow.uuid);
    await expect(page.getByTestId("analytics-empty")).toContainText("No calls in these days.");
    await expect(page.getByTestId("analytics-empty")).toContainText("POST /voip/call");
  });
});
