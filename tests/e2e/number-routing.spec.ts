import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { expectToast, pick, signInAndWait } from "./helpers";

// Issue #28's "Two editors overwrite each other's routing": +441632960002 routed by the schedule
// "Office hours" (open → Call Pete, closed → After hours), then given the flow "After hours" in
// a second editor, ended up with "After hours" on both branches, silently. Now a number is
// routed in one form, in one write: this journey tells the story again and checks what is
// stored and what the pages say answers. acme's demo data: "Call Pete" (501); +441632960002
// routes to no flow, and is left so.

const NUMBER = "+441632960002";

/** The REST API's demo credentials, acting for acme. */
const ACME_API_HEADERS = {
  "X-Auth-Reseller": "demo-reseller",
  "X-Auth-User": "api",
  "X-Auth-Password": "demo-api-password",
  "X-Auth-For": "acme",
};

test("a number routed by a schedule and then to a fixed flow keeps one coherent route, shown as what answers now", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const afterHoursName = `After hours ${suffix}`;
  const scheduleName = `Office hours ${suffix}`;
  const [start, busy] = [randomUUID(), randomUUID()];
  const flow = await request.post("/voip/flow", {
    headers: ACME_API_HEADERS,
    data: {
      name: afterHoursName,
      extension: 990,
      flow: { [start]: { module: "start", next: busy }, [busy]: { module: "busy" } },
    },
  });
  expect(flow.status(), await flow.text()).toBe(201);
  const afterHours = ((await flow.json()) as { result: { uuid: string } }).result.uuid;
  // Closed by hand, so what answers now does not hang on the time the test runs.
  const schedule = await request.post("/voip/schedule", {
    headers: ACME_API_HEADERS,
    data: {
      name: scheduleName,
      timezone: "Europe/London",
      hours: { mon: [["09:00", "17:30"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      closures: [],
      holidays: null,
      override: "closed",
    },
  });
  expect(schedule.status(), await schedule.text()).toBe(201);
  const storedRoute = async () => {
    const listed = await request.get("/voip/number", { headers: ACME_API_HEADERS });
    const numbers = ((await listed.json()) as { result: { number: string }[] }).result;
    return numbers.find((number) => number.number === NUMBER);
  };

  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers", exact: true }).click();
  const numbers = page.getByRole("region", { name: "Phone numbers", exact: true });
  // One place routes numbers: no second table or editor of the same number on the page.
  await expect(page.getByRole("region", { name: "Phone number routing" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: new RegExp(`${NUMBER.replace("+", "\\+")}$`) })).toHaveCount(1);
  const row = numbers.getByRole("listitem").filter({ hasText: NUMBER });

  // By the schedule: open → Call Pete, closed → After hours.
  await numbers.getByRole("button", { name: `Route ${NUMBER}`, exact: true }).click();
  const form = numbers.getByRole("form", { name: `Route ${NUMBER}`, exact: true });
  await form.getByRole("radio", { name: "By schedule" }).check();
  await form.getByLabel("Schedule", { exact: true }).selectOption({ label: scheduleName });
  await pick(form, "Flow while open", "pete", "Call Pete (501)");
  await pick(form, "Flow while closed", suffix, `${afterHoursName} (990)`);
  await form.getByRole("button", { name: "Save routing" }).click();
  await expectToast(page, `Routed ${NUMBER}.`);
  await expect(row.getByTestId("routing")).toHaveText(`By ${scheduleName}: open → Call Pete, closed → ${afterHoursName}`);
  await expect(row.getByTestId("answers-now")).toHaveText(`Closed → ${afterHoursName}`);

  // The home page says the same, beside the schedule's switch.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Home of acme");
  const live = page.getByRole("list", { name: "What answers each number now" }).getByRole("listitem").filter({ hasText: NUMBER });
  await expect(live.getByTestId("answers-now")).toHaveText(`Closed → ${afterHoursName}`);
  const panel = page.getByTestId(`override-${scheduleName}`);
  await expect(panel.getByTestId("override-status")).toHaveText("Closed now (manual) until switched back");
  await expect(page.getByRole("list", { name: "Recent changes" })).toContainText(`routed the number ${NUMBER}`);

  // The story's second step: the number is given "After hours" as its one flow, in the same form.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers", exact: true }).click();
  await numbers.getByRole("button", { name: `Route ${NUMBER}`, exact: true }).click();
  await expect(form.getByRole("radio", { name: "By schedule" })).toBeChecked();
  await form.getByRole("radio", { name: "Fixed flow" }).check();
  await expect(form.getByLabel("Schedule", { exact: true })).toHaveCount(0);
  await expect(form.getByRole("combobox", { name: "Flow while closed" })).toHaveCount(0);
  await pick(form, "Call flow", suffix, `${afterHoursName} (990)`);
  await form.getByRole("button", { name: "Save routing" }).click();
  await expectToast(page, `Routed ${NUMBER}.`);
  await expect(row.getByTestId("routing")).toHaveText(`Always ${afterHoursName}`);
  await expect(row.getByTestId("answers-now")).toHaveText(afterHoursName);

  // Stored whole: the fixed flow, and nothing of the schedule left behind to answer with.
  expect(await storedRoute()).toEqual({
    uuid: expect.any(String),
    number: NUMBER,
    call_flow: afterHours,
    schedule: null,
    closed_call_flow: null,
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules", exact: true }).click();
  const scheduleRow = page
    .getByRole("region", { name: "Schedules", exact: true })
    .getByRole("row")
    .filter({ hasText: scheduleName });
  await expect(scheduleRow).toContainText("No numbers");

  // Leave the number as the demo data has it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers", exact: true }).click();
  await numbers.getByRole("button", { name: `Route ${NUMBER}`, exact: true }).click();
  await pick(form, "Call flow", "", "— no flow —");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expect(row.getByTestId("routing")).toHaveText("Not routed");
  expect(await storedRoute()).toMatchObject({ call_flow: null, schedule: null, closed_call_flow: null });
});
