import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { PHONE, scrollsSideways, seriousAccessibilityViolations, signInAtAnyWidth } from "./helpers";

// On a phone the flow editor opens on the flow as a list of steps, with the override switch of the
// schedule that routes the flow's number, and the test call on its own tab. initech (another
// reseller's customer, untouched by other specs) owns +15555550123 and its office resources.

const INITECH_API_HEADERS = {
  "X-Auth-Reseller": "other-reseller",
  "X-Auth-User": "api",
  "X-Auth-Password": "other-api-password",
  "X-Auth-For": "initech",
};
const INITECH_NUMBER = "+15555550123";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function api(request: APIRequestContext, method: "GET" | "POST" | "PUT" | "DELETE", path: string, data?: unknown) {
  const response = await request.fetch(path, { method, headers: INITECH_API_HEADERS, data });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
  return response.status() === 204 ? null : ((await response.json()) as { result: unknown }).result;
}

/** initech's resources by name, and the uuid of one of its lists' rows. */
async function byName(request: APIRequestContext, list: string, name: string): Promise<string> {
  const rows = (await api(request, "GET", `/voip/${list}`)) as { name?: string; number?: string; uuid: string }[];
  const row = rows.find((candidate) => candidate.name === name || candidate.number === name);
  if (!row) throw new Error(`initech has no ${list} ${name}`);
  return row.uuid;
}

test.use({ viewport: PHONE });

test("on a phone a flow reads as named steps, the schedule routing its number flips, and a test call runs", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const suffix = randomUUID().slice(0, 6);
  const [start, greeting, menu, ring, voicemail, busy] = [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
  ];
  const welcome = await byName(request, "sound", "Initech welcome greeting");
  const flow = (await api(request, "POST", "/voip/flow", {
    name: `Front desk ${suffix}`,
    extension: 650,
    flow: {
      [start]: { module: "start", next: greeting },
      [greeting]: { module: "play", sound: welcome, next: menu },
      [menu]: { module: "pressextension", sound: welcome, next: { "1": ring, invalid: busy, timeout: busy } },
      [ring]: {
        module: "extension",
        extensions: [{ type: "sipuser", uuid: await byName(request, "user", "Initech Reception") }],
        noanswer: voicemail,
      },
      [voicemail]: { module: "voicemail", mailboxes: [await byName(request, "mailbox", "Initech general mailbox")] },
      [busy]: { module: "busy" },
    },
  })) as { uuid: string };
  const scheduleName = `Front desk hours ${suffix}`;
  const weekday = [["09:00", "17:30"]];
  const schedule = (await api(request, "POST", "/voip/schedule", {
    name: scheduleName,
    timezone: "Europe/London",
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
  })) as { uuid: string };
  const number = await byName(request, "number", INITECH_NUMBER);
  await api(request, "PUT", `/voip/number/${number}`, {
    call_flow: flow.uuid,
    schedule: schedule.uuid,
    closed_call_flow: flow.uuid,
  });

  try {
    await signInAtAnyWidth(page, "owner@initech.example");
    // A customer lands on the account's home page; the flow is one of its pages.
    await expect(page).toHaveURL(/\/accounts\/[^/]+$/);
    await page.goto(`${new URL(page.url()).pathname}/flows/${flow.uuid}`);

    // The list is what a phone opens on: each step by name, what it does, where it goes.
    await expect(page.getByRole("tab", { name: "Steps" })).toHaveAttribute("aria-selected", "true");
    const steps = page.getByRole("list", { name: "Steps in the order a call meets them" });
    await expect(steps.getByRole("heading", { level: 3 })).toHaveText([
      "1. Start",
      "2. Play sound 1",
      "3. IVR menu 1",
      "4. Ring 1",
      "5. Voicemail 1",
      "6. Busy tone 1",
    ]);
    const menuStep = steps.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "3. IVR menu 1" }) });
    await expect(menuStep).toContainText("Menu prompt (sound): Initech welcome greeting");
    await expect(menuStep).toContainText("Key 1: 4. Ring 1");
    await expect(menuStep).toContainText("On invalid input: 6. Busy tone 1");
    await expect(steps).toContainText("Ring these: Initech Reception (201)");
    await expect(steps).toContainText("Mailboxes: Initech general mailbox (box 1)");
    // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees, not hidden text.
    expect(await page.locator("main").innerText()).not.toMatch(UUID);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A route's target is a step of the list; a step opens its form.
    await menuStep.getByRole("button", { name: "4. Ring 1" }).click();
    await expect(page.locator(`#step-${ring}`)).toBeFocused();

    // The schedule that routes the flow's number: its switch, right here.
    await expect(page.getByText(`Calls to ${INITECH_NUMBER} reach this flow whether open or closed.`)).toBeVisible();
    const override = page.getByTestId(`override-${scheduleName}`);
    const flip = override.getByRole("switch");
    await expect(flip).toHaveAttribute("aria-checked", "false");
    const openNow = (await override.getByTestId("override-status").textContent())?.startsWith("Open now") ?? false;
    await flip.click();
    await expect(flip).toHaveAttribute("aria-checked", "true");
    await expect(override.getByTestId("override-status")).toHaveText(
      `${openNow ? "Closed" : "Open"} now (manual) until switched back`,
    );
    expect(await scrollsSideways(page)).toBe(false);
    await flip.click();
    await expect(flip).toHaveAttribute("aria-checked", "false");

    // The test call, on its own tab: no graph beside it on a phone.
    await page.getByRole("tab", { name: "Test call" }).click();
    await expect(page.getByTestId("flow-graph")).toHaveCount(0);
    await page.getByRole("button", { name: "Press 1" }).click();
    await page.getByRole("button", { name: "Answered" }).click();
    await expect(page.getByTestId("call-ending")).toContainText("Answered by Initech Reception (ext 201).");
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Editing a step from the list opens its form.
    await page.getByRole("tab", { name: "Steps" }).click();
    await page.getByRole("button", { name: "Edit Ring 1" }).click();
    await expect(page.getByRole("tab", { name: "Modules" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("form", { name: "Ring module" })).toBeVisible();
  } finally {
    await api(request, "PUT", `/voip/number/${number}`, { call_flow: null, schedule: null });
    await api(request, "DELETE", `/voip/schedule/${schedule.uuid}`);
  }
});
