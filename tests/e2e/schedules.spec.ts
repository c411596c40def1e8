import { randomUUID } from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { confirmWith, expectToast, pick, signIn, signInAndWait } from "./helpers";

// Each step waits on a server round trip (routing, overrides, state): on a busy machine the
// default ten seconds is not always enough, and a late answer is not a wrong one.
const expect = baseExpect.configure({ timeout: 30_000 });

// acme's demo data (prisma/demo-data.ts): the flow "Call Pete" (501); the number +441632960002
// routes to no flow. This spec routes it by a schedule and leaves it as it found it.

const NUMBER = "+441632960002";

/** One of the account's pages from the sidebar: "Schedules", "Numbers". */
async function openPage(page: Page, title: string, account = "acme") {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} of ${account}`);
}

function section(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

/** Clicks each half hour of a day on the grid, opening it. */
async function openSlots(page: Page, day: string, slots: string[]) {
  for (const name of slots) {
    const slot = page.getByRole("button", { name: `${day} ${name}`, exact: true });
    await slot.click();
    await expect(slot).toHaveAttribute("aria-pressed", "true");
  }
}

/** The half hours from one time to another, as the grid names them ("09:00–09:30"). */
function halfHours(from: number, to: number): string[] {
  const time = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return Array.from({ length: (to - from) / 30 }, (_, i) => `${time(from + i * 30)}–${time(from + i * 30 + 30)}`);
}

test("a customer builds a schedule in the week grid, routes a number by it and flips the override", async ({ page }) => {
  // One long journey across three pages, some twice: far more time than a single-page test.
  test.setTimeout(300_000);
  const name = `Office ${Date.now()}`;
  await signIn(page, "owner@acme.example");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await openPage(page, "Schedules");
  const schedules = section(page, "Schedules");

  await schedules.getByRole("button", { name: "New schedule" }).click();
  const editor = schedules.getByRole("form", { name: "New schedule" });
  await editor.getByLabel("Name").fill(name);
  await editor.getByLabel("Time zone").fill("Europe/London");

  // Monday 09:00-17:30 on the grid, half hour by half hour; one clicked off and on again.
  await openSlots(page, "Monday", halfHours(9 * 60, 17 * 60 + 30));
  const monday = editor.getByTestId("day-mon");
  await expect(monday.getByLabel("Monday interval 1 opens")).toHaveValue("09:00");
  await expect(monday.getByLabel("Monday interval 1 closes")).toHaveValue("17:30");
  const noon = editor.getByRole("button", { name: "Monday 12:00–12:30", exact: true });
  await noon.click();
  await expect(noon).toHaveAttribute("aria-pressed", "false");
  await expect(monday.getByLabel("Monday interval 2 opens")).toHaveValue("12:30");
  await noon.click();
  await expect(noon).toHaveAttribute("aria-pressed", "true");
  await expect(monday.getByLabel("Monday interval 2 opens")).toHaveCount(0);
  await editor.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
  await expect(editor.getByLabel("Friday interval 1 closes")).toHaveValue("17:30");
  await expect(editor.getByRole("button", { name: "Saturday 10:00–10:30", exact: true })).toHaveAttribute(
    "aria-pressed",
    "false",
  );

  // An overlapping interval typed by hand is refused at its field, before anything is saved.
  await editor.getByRole("button", { name: "Add a Sunday interval" }).click();
  await editor.getByRole("button", { name: "Add a Sunday interval" }).click();
  await editor.getByRole("button", { name: "Create schedule" }).click();
  await expect(editor.getByTestId("error-hours.sun.1")).toContainText("overlaps interval 1");
  await editor.getByRole("button", { name: "Remove Sunday interval 2" }).click();
  await editor.getByRole("button", { name: "Remove Sunday interval 1" }).click();

  await editor.getByRole("button", { name: "Add a closure" }).click();
  await editor.getByLabel("Closure 1 date").fill("2030-12-24");
  await editor.getByLabel("Closure 1 name").fill("Office party");
  await editor.getByLabel("Holiday region").selectOption("GB-ENG");
  await expect(editor.getByTestId("coming-holidays").getByRole("listitem")).toHaveCount(8);
  await editor.getByRole("button", { name: "Create schedule" }).click();

  await expect(schedules.getByTestId("schedules-message")).toHaveText(`Saved the schedule "${name}".`);
  const row = schedules.getByRole("row").filter({ hasText: name });
  await expect(row.getByTestId("schedule-status")).toHaveText(
    /^(Open now, closes|Closed now \((outside hours|holiday: .+)\), opens) (at|on) /,
  );

  // Route the number by the schedule, "Call Pete" (the account's one flow) both while open and
  // while closed: a schedule with a branch left empty is refused at the empty field.
  await openPage(page, "Numbers");
  const routing = section(page, "Phone numbers");
  await routing.getByRole("button", { name: `Route ${NUMBER}` }).click();
  const form = routing.getByRole("form", { name: `Route ${NUMBER}` });
  await form.getByRole("radio", { name: "By schedule" }).check();
  await form.getByLabel("Schedule", { exact: true }).selectOption({ label: name });
  await pick(form, "Flow while open", "Call Pete", "Call Pete (501)");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expect(form.getByTestId("error-closedCallFlowId")).toHaveText(
    "Choose the flow that answers while the schedule is closed",
  );
  await pick(form, "Flow while closed", "Call Pete", "Call Pete (501)");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expectToast(page, `Routed ${NUMBER}.`);
  const numberRow = routing.getByRole("listitem").filter({ hasText: NUMBER });
  await expect(numberRow.getByTestId("routing")).toHaveText(`By ${name}: open → Call Pete, closed → Call Pete`);
  await openPage(page, "Schedules");
  await expect(row.getByRole("cell", { name: NUMBER, exact: true })).toBeVisible();

  // The schedule routes a number: deleting it is refused, naming the number.
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await confirmWith(page, "Delete schedule");
  await expect(schedules.getByTestId("schedules-message")).toContainText(NUMBER);

  // Which flow answers at a given time, from the Test call tab.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows" }).click();
  await page.getByRole("link", { name: "Call Pete", exact: true }).click();
  await page.getByRole("tab", { name: "Test call" }).click();
  const callAt = page.getByRole("form", { name: "Call a number at a time" });
  await pick(callAt, "Call this number", NUMBER.slice(-4), NUMBER);
  await callAt.getByLabel(/^at /).fill("2030-12-23T10:00");
  await callAt.getByRole("button", { name: "Call" }).click();
  await expect(page.getByTestId("call-at-time-result")).toHaveText(
    `At 2030-12-23 10:00 (Europe/London), ${NUMBER} is answered by "Call Pete" (501), this flow: "${name}" is open.`,
  );
  await callAt.getByLabel(/^at /).fill("2030-12-24T10:00");
  await callAt.getByRole("button", { name: "Call" }).click();
  await expect(page.getByTestId("call-at-time-result")).toHaveText(
    `At 2030-12-24 10:00 (Europe/London), ${NUMBER} is answered by "Call Pete" (501), this flow: "${name}" is closed (closure: Office party).`,
  );

  // The big switch on the call-flow list: the opposite of what the hours say now, by hand.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows" }).click();
  const panel = page.getByTestId(`override-${name}`);
  const status = panel.getByTestId("override-status");
  const openNow = (await status.textContent())?.startsWith("Open now") ?? false;
  const flip = panel.getByRole("switch");
  await expect(flip).toHaveAttribute("aria-checked", "false");
  await expect(flip).toHaveText(openNow ? "Close now (manual)" : "Open now (manual)");
  await flip.click();
  await expect(flip).toHaveText(`${openNow ? "Closed" : "Open"} now (manual) — back to automatic`);
  await expect(flip).toHaveAttribute("aria-checked", "true");
  await expect(status).toHaveText(`${openNow ? "Closed" : "Open"} now (manual) until switched back`);

  // The override wins over the closure too.
  await page.getByRole("link", { name: "Call Pete", exact: true }).click();
  await page.getByRole("tab", { name: "Test call" }).click();
  await pick(callAt, "Call this number", NUMBER.slice(-4), NUMBER);
  await callAt.getByLabel(/^at /).fill("2030-12-24T10:00");
  await callAt.getByRole("button", { name: "Call" }).click();
  await expect(page.getByTestId("call-at-time-result")).toContainText(`"${name}" is ${openNow ? "closed" : "open"} (manual).`);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows" }).click();
  await flip.click();
  await expect(flip).toHaveAttribute("aria-checked", "false");
  await expect(status).not.toContainText("(manual)");

  // Leave the number as it was, then the schedule can go.
  await openPage(page, "Numbers");
  await routing.getByRole("button", { name: `Route ${NUMBER}` }).click();
  await form.getByRole("radio", { name: "Fixed flow" }).check();
  await pick(form, "Call flow", "", "— no flow —");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expect(numberRow.getByTestId("routing")).toHaveText("Not routed");
  await openPage(page, "Schedules");
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await confirmWith(page, "Delete schedule");
  await expect(schedules.getByTestId("schedules-message")).toHaveText(`Deleted the schedule "${name}".`);
});

/** The REST API's demo credentials, acting for globex, whose number +441632960101 routes to no flow. */
const GLOBEX_API_HEADERS = {
  "X-Auth-Reseller": "demo-reseller",
  "X-Auth-User": "api",
  "X-Auth-Password": "demo-api-password",
  "X-Auth-For": "globex",
};
const GLOBEX_NUMBER = "+441632960101";

test("the week grid shows all 24 hours of every day on a desktop, without scrolling sideways", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAndWait(page, "owner@acme.example");
  await openPage(page, "Schedules");
  await section(page, "Schedules").getByRole("button", { name: "New schedule" }).click();
  const grid = page.getByRole("table", { name: "Weekly hours" });
  await grid.scrollIntoViewIfNeeded();
  for (const day of ["Monday", "Sunday"]) {
    for (const slot of ["00:00–00:30", "16:00–16:30", "23:30–24:00"]) {
      await expect(page.getByRole("button", { name: `${day} ${slot}`, exact: true })).toBeInViewport();
    }
  }
  expect(await grid.evaluate((table) => table.parentElement!.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
});

test("a number is routed to a flow found by search among more flows than a page holds", async ({ page, request }) => {
  test.setTimeout(240_000);
  const busyFlow = (name: string, extension: number) => {
    const [start, busy] = [randomUUID(), randomUUID()];
    return { name, extension, flow: { [start]: { module: "start", next: busy }, [busy]: { module: "busy" } } };
  };
  // 105 flows on extensions 700-804, and the one to find last of all by extension: far past any first page.
  for (let index = 0; index < 105; index += 1) {
    const data = busyFlow(`Bulk flow ${index}`, 700 + index);
    const created = await request.post("/voip/flow", { headers: GLOBEX_API_HEADERS, data });
    expect(created.status(), await created.text()).toBe(201);
  }
  const target = `Night desk ${Date.now().toString(36)}`;
  expect((await request.post("/voip/flow", { headers: GLOBEX_API_HEADERS, data: busyFlow(target, 999) })).status()).toBe(201);

  await signInAndWait(page, "owner@globex.example");
  await openPage(page, "Numbers", "globex");
  const routing = section(page, "Phone numbers");
  await routing.getByRole("button", { name: `Route ${GLOBEX_NUMBER}` }).click();
  const form = routing.getByRole("form", { name: `Route ${GLOBEX_NUMBER}` });
  const picker = form.getByRole("combobox", { name: "Call flow", exact: true });

  // Opened, it lists the first page; the end of the list loads the next page, by cursor.
  await picker.click();
  await expect(form.getByRole("option", { name: "Bulk flow 0 (700)", exact: true })).toBeVisible();
  await expect(form.getByRole("option", { name: "Bulk flow 30 (730)", exact: true })).toHaveCount(0);
  await picker.press("End");
  await expect(form.getByRole("option", { name: "Bulk flow 30 (730)", exact: true })).toBeAttached();
  await expect(form.getByRole("option", { name: `${target} (999)`, exact: true })).toHaveCount(0);

  // By keyboard: a search, then Enter picks its first match.
  await picker.fill("bulk flow 104");
  await expect(form.getByRole("listbox").getByRole("option")).toHaveText(["Bulk flow 104 (804)"]);
  await picker.press("Enter");
  await expect(picker).toHaveValue("Bulk flow 104 (804)");
  await expect(picker).toHaveAttribute("aria-expanded", "false");

  // By name, with the mouse: the flow no first page shows.
  await pick(form, "Call flow", "night desk", `${target} (999)`);
  await form.getByRole("button", { name: "Save routing" }).click();
  await expectToast(page, `Routed ${GLOBEX_NUMBER}.`);
  const row = routing.getByRole("listitem").filter({ hasText: GLOBEX_NUMBER });
  await expect(row.getByTestId("answers-now")).toHaveText(target);

  // The form opens again on the chosen flow, by name.
  await routing.getByRole("button", { name: `Route ${GLOBEX_NUMBER}` }).click();
  await expect(picker).toHaveValue(`${target} (999)`);
});
