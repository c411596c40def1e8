import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { flushApiUsage } from "@/server/rest/metering";
import { createTenants } from "./fixtures";
import { auditEventsDuring, uniquePhoneNumber } from "./procedure-helpers";
import { authHeaders, busyFlow, callApi, createApiUser, type ApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let resellerB: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  resellerB = await createApiUser(t.accounts.resellerB);
});

const asA1 = () => authHeaders(resellerA, t.accounts.customerA1.name);
const asB1 = () => authHeaders(resellerB, t.accounts.customerB1.name);
const today = () => new Date().toISOString().slice(0, 10);

/** The issue's example body. */
const EXAMPLE = {
  name: "Office hours",
  timezone: "Europe/London",
  hours: { mon: [["09:00", "17:30"]], tue: [["09:00", "17:30"]], wed: [], thu: [], fri: [], sat: [], sun: [] },
  closures: [{ date: "2026-12-24", name: "Office party" }],
  holidays: "GB-ENG",
  override: "auto",
};

async function postSchedule(body: unknown = EXAMPLE) {
  const response = await callApi("POST", "/voip/schedule", { headers: asA1(), body });
  expect(response.status).toBe(201);
  return response.json!.result as Record<string, unknown> & { uuid: string };
}

let extension = 800;
async function postFlow(name: string) {
  const response = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(extension++, name) });
  return (response.json!.result as { uuid: string }).uuid;
}

describe("/voip/schedule", () => {
  it("creates the documented example (201) and reads it back, with ETag and Location", async () => {
    const created = await callApi("POST", "/voip/schedule", { headers: asA1(), body: EXAMPLE });
    expect(created.status).toBe(201);
    const result = created.json!.result as { uuid: string };
    expect(result).toEqual({
      ...EXAMPLE,
      closures: [{ date: "2026-12-24", name: "Office party", yearly: false }],
      override_until: null,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_on: today(),
      updated_on: today(),
    });
    expect(created.headers.get("location")).toBe(`/voip/schedule/${result.uuid}`);
    expect(created.headers.get("etag")).toBe(`"${result.uuid}:1"`);

    const fetched = await callApi("GET", `/voip/schedule/${result.uuid}`, { headers: asA1() });
    expect(fetched.json).toEqual({ result, status_code: 200, status_message: "OK" });
    const listed = await callApi("GET", "/voip/schedule", { headers: asA1() });
    expect(listed.json!.result).toContainEqual(result);
  });

  it.each([
    ["timezone", { timezone: "Europe/Nowhere" }],
    ["hours.mon.0.1", { hours: { ...EXAMPLE.hours, mon: [["09:00", "25:00"]] } }],
    ["hours.tue.0", { hours: { ...EXAMPLE.hours, tue: [["17:00", "09:00"]] } }],
    [
      "hours.mon.1",
      {
        hours: {
          ...EXAMPLE.hours,
          mon: [
            ["09:00", "12:00"],
            ["11:30", "13:00"],
          ],
        },
      },
    ],
    ["hours.sun", { hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } }],
    ["holidays", { holidays: "GB-NOWHERE" }],
    ["override", { override: "sometimes" }],
    ["override_until", { override: "closed", override_until: "2001-01-01T00:00:00Z" }],
    ["closures.0.date", { closures: [{ date: "24/12/2026", name: "Party" }] }],
    ["colour", { colour: "blue" }],
  ])("refuses a bad %s with 400 naming the field, storing nothing", async (path, change) => {
    const before = await db.schedule.count({ where: { accountId: t.accounts.customerA1.id } });
    const response = await callApi("POST", "/voip/schedule", { headers: asA1(), body: { ...EXAMPLE, ...change } });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((issue) => issue.path)).toContain(path);
    expect(await db.schedule.count({ where: { accountId: t.accounts.customerA1.id } })).toBe(before);
  });

  it("replaces a schedule whole with If-Match, and refuses a stale one (412)", async () => {
    const created = await postSchedule();
    const put = await callApi("PUT", `/voip/schedule/${created.uuid}`, {
      headers: { ...asA1(), "If-Match": `"${created.uuid}:1"` },
      body: { ...created, name: "Renamed", override: "closed", override_until: "2099-06-01T12:00:00Z" },
    });
    expect(put.status).toBe(200);
    expect(put.json!.result).toMatchObject({ name: "Renamed", override: "closed", override_until: "2099-06-01T13:00:00+01:00" });
    expect(put.headers.get("etag")).toBe(`"${created.uuid}:2"`);
    const stale = await callApi("PUT", `/voip/schedule/${created.uuid}`, {
      headers: { ...asA1(), "If-Match": `"${created.uuid}:1"` },
      body: EXAMPLE,
    });
    expect(stale.status).toBe(412);
    const badPut = await callApi("PUT", `/voip/schedule/${created.uuid}`, {
      headers: asA1(),
      body: { ...EXAMPLE, timezone: "Nowhere" },
    });
    expect(badPut.status).toBe(400);
    expect((await callApi("GET", `/voip/schedule/${created.uuid}`, { headers: asA1() })).json!.result).toMatchObject({
      name: "Renamed",
    });
  });

  it("answers the state at an instant, with the reason and the next change", async () => {
    const { uuid } = await postSchedule();
    const state = async (at: string) =>
      (await callApi("GET", `/voip/schedule/${uuid}/state?at=${encodeURIComponent(at)}`, { headers: asA1() })).json!.result;
    // Monday 30 March 2026, the day after the clocks went forward.
    expect(await state("2026-03-30T10:00:00+01:00")).toEqual({ open: true, reason: "hours", until: "2026-03-30T17:30:00+01:00" });
    // Open Mondays and Tuesdays only; Monday 6 April is Easter Monday, so Tuesday 7 April comes next.
    expect(await state("2026-03-31T18:00:00+01:00")).toEqual({
      open: false,
      reason: "outside_hours",
      until: "2026-04-07T09:00:00+01:00",
    });
    expect(await state("2026-12-28T10:00:00Z")).toEqual({ open: false, reason: "holiday", until: "2026-12-29T09:00:00+00:00" });
    const now = await callApi("GET", `/voip/schedule/${uuid}/state`, { headers: asA1() });
    expect(now.status).toBe(200);
    expect(Object.keys(now.json!.result as object)).toEqual(["open", "reason", "until"]);
    const bad = await callApi("GET", `/voip/schedule/${uuid}/state?at=yesterday`, { headers: asA1() });
    expect(bad.status).toBe(400);
    expect(bad.json!.errors).toEqual([{ path: "at", message: expect.any(String) }]);
  });

  it("is another tenant's: 404 on every path, and nothing changes", async () => {
    const { uuid } = await postSchedule();
    for (const [method, path] of [
      ["GET", `/voip/schedule/${uuid}`],
      ["PUT", `/voip/schedule/${uuid}`],
      ["DELETE", `/voip/schedule/${uuid}`],
      ["GET", `/voip/schedule/${uuid}/state`],
    ] as const) {
      const response = await callApi(method, path, { headers: asB1(), body: method === "PUT" ? EXAMPLE : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await callApi("GET", "/voip/schedule", { headers: asB1() })).json!.result).not.toContainEqual(
      expect.objectContaining({ uuid }),
    );
    expect(await db.schedule.count({ where: { id: uuid } })).toBe(1);
  });

  it("audits and meters each command", async () => {
    const account = t.accounts.customerA1.id;
    const events = await auditEventsDuring([account], async () => {
      const { uuid } = await postSchedule();
      await callApi("DELETE", `/voip/schedule/${uuid}`, { headers: asA1() });
    });
    expect(events.map((event) => [event.action, event.channel])).toEqual([
      ["schedule.create", "api"],
      ["schedule.delete", "api"],
    ]);
    await flushApiUsage();
    const metered = await db.apiUsageDaily.findMany({
      where: { accountId: account, route: { startsWith: "/voip/schedule" } },
      select: { route: true, method: true },
    });
    expect(metered).toEqual(
      expect.arrayContaining([
        { route: "/voip/schedule", method: "POST" },
        { route: "/voip/schedule/{uuid}", method: "DELETE" },
        { route: "/voip/schedule/{uuid}/state", method: "GET" },
      ]),
    );
  });
});

describe("/voip/number routing", () => {
  it("lists schedule and closed_call_flow beside call_flow, routes a number, and answers its route", async () => {
    const number = await db.phoneNumber.create({ data: { accountId: t.accounts.customerA1.id, number: uniquePhoneNumber() } });
    const { uuid: schedule } = await postSchedule();
    const [day, night] = [await postFlow("Day"), await postFlow("Night")];

    const put = await callApi("PUT", `/voip/number/${number.id}`, {
      headers: asA1(),
      body: { call_flow: day, schedule, closed_call_flow: night },
    });
    expect(put.status).toBe(200);
    const item = { call_flow: day, closed_call_flow: night, number: number.number, schedule, uuid: number.id };
    expect(put.json!.result).toEqual(item);
    expect((await callApi("GET", "/voip/number", { headers: asA1() })).json!.result).toContainEqual(item);

    const route = async (at: string) =>
      (await callApi("GET", `/voip/number/${number.id}/route?at=${encodeURIComponent(at)}`, { headers: asA1() })).json!.result;
    expect(await route("2026-03-30T10:00:00+01:00")).toEqual({ call_flow: day, open: true, reason: "hours" });
    expect(await route("2026-12-24T10:00:00Z")).toEqual({ call_flow: night, open: false, reason: "closure" });
    expect(await route("2026-12-28T10:00:00Z")).toEqual({ call_flow: night, open: false, reason: "holiday" });

    // The schedule and the night flow are in use: deleting either is refused, naming the number.
    for (const path of [`/voip/schedule/${schedule}`, `/voip/flow/${night}`]) {
      const refused = await callApi("DELETE", path, { headers: asA1() });
      expect(refused.status, path).toBe(409);
      expect(refused.json!.errors![0]!.message).toContain(number.number);
    }

    const plain = await callApi("PUT", `/voip/number/${number.id}`, {
      headers: asA1(),
      body: { call_flow: day, schedule: null, closed_call_flow: null },
    });
    expect(plain.json!.result).toMatchObject({ schedule: null, closed_call_flow: null });
    expect(await route("2026-12-28T10:00:00Z")).toEqual({ call_flow: day, open: null, reason: "no_schedule" });
    expect((await callApi("DELETE", `/voip/schedule/${schedule}`, { headers: asA1() })).status).toBe(204);
  });

  it("refuses unknown or foreign uuids and a closed flow without a schedule, naming the fields", async () => {
    const number = await db.phoneNumber.create({ data: { accountId: t.accounts.customerA1.id, number: uniquePhoneNumber() } });
    const foreign = await callApi("POST", "/voip/schedule", { headers: asB1(), body: EXAMPLE });
    const foreignUuid = (foreign.json!.result as { uuid: string }).uuid;
    const flow = await postFlow("Any");
    const response = await callApi("PUT", `/voip/number/${number.id}`, {
      headers: asA1(),
      body: { call_flow: crypto.randomUUID(), schedule: foreignUuid, closed_call_flow: flow },
    });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((issue) => issue.path)).toEqual(["call_flow", "schedule"]);
    const orphan = await callApi("PUT", `/voip/number/${number.id}`, {
      headers: asA1(),
      body: { call_flow: null, schedule: null, closed_call_flow: flow },
    });
    expect(orphan.json!.errors!.map((issue) => issue.path)).toEqual(["closed_call_flow"]);
    const wrongType = await callApi("PUT", `/voip/number/${number.id}`, { headers: asA1(), body: { call_flow: 7 } });
    expect(wrongType.json!.errors!.map((issue) => issue.path)).toEqual(["call_flow"]);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      callFlowId: null,
      scheduleId: null,
      closedCallFlowId: null,
    });
  });

  it("is another tenant's: 404 for routing and route", async () => {
    const number = await db.phoneNumber.create({ data: { accountId: t.accounts.customerA1.id, number: uniquePhoneNumber() } });
    expect((await callApi("PUT", `/voip/number/${number.id}`, { headers: asB1(), body: { call_flow: null } })).status).toBe(404);
    expect((await callApi("GET", `/voip/number/${number.id}/route`, { headers: asB1() })).status).toBe(404);
  });
});
