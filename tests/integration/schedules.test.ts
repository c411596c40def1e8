import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCallFlow } from "@/server/services/call-flows/call-flows";
import { createSchedule } from "@/server/services/schedules/schedules";
import { callerAs, contextAs, createTenants } from "./fixtures";
import { officeHours } from "./schedule-fixtures";
import {
  accountIdsOf,
  actorOfRole,
  auditEventsDuring,
  busyFlow,
  counter,
  issuesOf,
  type Role,
  ROLES,
  type Tenants,
  trpcCode,
  trpcError,
  uniquePhoneNumber,
} from "./procedure-helpers";

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

const nextExtension = counter(600);
const a1 = () => t.accounts.customerA1.id;
const asOwner = () => contextAs(t.actors.customerA1);

const seedSchedule = () => createSchedule(asOwner(), { accountId: a1(), document: officeHours() });
const seedFlow = (name = "Busy") => createCallFlow(asOwner(), { accountId: a1(), document: busyFlow(nextExtension(), name) });
const seedNumber = () => db.phoneNumber.create({ data: { accountId: a1(), number: uniquePhoneNumber() } });

const EXPECTED: Record<Role, string> = {
  admin: "OK",
  ownerReseller: "OK",
  otherReseller: "NOT_FOUND",
  owner: "OK",
  sibling: "NOT_FOUND",
  signedOut: "UNAUTHORIZED",
};

const actorOf = (role: Role) => actorOfRole(t, role);

type Caller = ReturnType<typeof callerAs>;
type Case = {
  procedure: string;
  audits?: string;
  /** Names one of A1's objects: also tried through the caller's own account. */
  objectScoped?: boolean;
  prepare: () => Promise<Record<string, string>>;
  call: (caller: Caller, accountId: string, ids: Record<string, string>) => Promise<unknown>;
};

const CASES: Case[] = [
  { procedure: "schedules.list", prepare: async () => ({}), call: (c, accountId) => c.schedules.list({ accountId }) },
  {
    procedure: "schedules.create",
    audits: "schedule.create",
    prepare: async () => ({}),
    call: (c, accountId) => c.schedules.create({ accountId, document: officeHours() }),
  },
  {
    procedure: "schedules.update",
    audits: "schedule.update",
    objectScoped: true,
    prepare: async () => ({ id: (await seedSchedule()).id }),
    call: (c, accountId, { id }) => c.schedules.update({ accountId, id: id!, document: officeHours("Renamed"), version: 1 }),
  },
  {
    procedure: "schedules.setOverride",
    audits: "schedule.override",
    objectScoped: true,
    prepare: async () => ({ id: (await seedSchedule()).id }),
    call: (c, accountId, { id }) => c.schedules.setOverride({ accountId, id: id!, override: "closed", overrideUntil: null }),
  },
  {
    procedure: "schedules.delete",
    audits: "schedule.delete",
    objectScoped: true,
    prepare: async () => ({ id: (await seedSchedule()).id }),
    call: (c, accountId, { id }) => c.schedules.delete({ accountId, id: id! }),
  },
  {
    procedure: "schedules.state",
    objectScoped: true,
    prepare: async () => ({ id: (await seedSchedule()).id }),
    call: (c, accountId, { id }) => c.schedules.state({ accountId, id: id!, at: "2026-12-28T12:00:00Z" }),
  },
  {
    procedure: "schedules.routeNumber",
    audits: "phonenumber.route",
    objectScoped: true,
    prepare: async () => ({
      id: (await seedNumber()).id,
      schedule: (await seedSchedule()).id,
      open: (await seedFlow()).id,
      closed: (await seedFlow()).id,
    }),
    call: (c, accountId, ids) =>
      c.schedules.routeNumber({
        accountId,
        id: ids.id!,
        callFlowId: ids.open!,
        scheduleId: ids.schedule!,
        closedCallFlowId: ids.closed!,
      }),
  },
  {
    procedure: "schedules.numberRoute",
    objectScoped: true,
    prepare: async () => ({ id: (await seedNumber()).id }),
    call: (c, accountId, { id }) => c.schedules.numberRoute({ accountId, id: id! }),
  },
];

async function attempt(c: Case, role: Role, accountId: string) {
  const ids = await c.prepare();
  let outcome = "";
  const events = await auditEventsDuring(accountIdsOf(t), async () => {
    outcome = await trpcCode(c.call(callerAs(actorOf(role)), accountId, ids));
  });
  return { outcome, actions: events.map((event) => event.action) };
}

describe.each(CASES.map((c) => [c.procedure, c] as const))("tenant isolation: %s", (_procedure, c) => {
  it.each(ROLES)("as %s", async (role) => {
    const { outcome, actions } = await attempt(c, role, a1());
    expect(outcome).toBe(EXPECTED[role]);
    expect(actions).toEqual(outcome === "OK" && c.audits ? [c.audits] : []);
  });

  if (c.objectScoped) {
    it.each(["otherReseller", "sibling"] as const)(
      "as %s, naming A1's object through its own account: NOT_FOUND",
      async (role) => {
        const own = role === "otherReseller" ? t.accounts.customerB1.id : t.accounts.customerA2.id;
        expect(await attempt(c, role, own)).toEqual({ outcome: "NOT_FOUND", actions: [] });
      },
    );
  }
});

it("covers every procedure of the schedules router", async () => {
  const { appRouter } = await import("@/server/trpc/root");
  const procedures = Object.keys(appRouter._def.procedures).filter((path) => path.startsWith("schedules."));
  const public_ = ["schedules.regions", "schedules.holidays"];
  expect(procedures.filter((path) => !CASES.some((c) => c.procedure === path) && !public_.includes(path))).toEqual([]);
});

describe("routing a number", () => {
  it("refuses another account's schedule and flows like ones that never existed, naming each field", async () => {
    const number = await seedNumber();
    const foreignSchedule = await createSchedule(contextAs(t.actors.customerB1), {
      accountId: t.accounts.customerB1.id,
      document: officeHours(),
    });
    const foreignFlow = await createCallFlow(contextAs(t.actors.customerB1), {
      accountId: t.accounts.customerB1.id,
      document: busyFlow(700),
    });
    const owner = callerAs(t.actors.customerA1);
    const error = await trpcError(
      owner.schedules.routeNumber({
        accountId: a1(),
        id: number.id,
        callFlowId: foreignFlow.id,
        scheduleId: foreignSchedule.id,
        closedCallFlowId: crypto.randomUUID(),
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["callFlowId", "scheduleId", "closedCallFlowId"]);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      callFlowId: null,
      scheduleId: null,
    });
  });

  it("refuses a closed flow without a schedule", async () => {
    const number = await seedNumber();
    const flow = await seedFlow();
    const error = await trpcError(
      callerAs(t.actors.customerA1).schedules.routeNumber({
        accountId: a1(),
        id: number.id,
        callFlowId: null,
        scheduleId: null,
        closedCallFlowId: flow.id,
      }),
    );
    expect(issuesOf(error)).toEqual([{ path: "closedCallFlowId", message: expect.stringContaining("schedule") }]);
  });

  it("answers with the open flow in hours and the closed flow on a holiday", async () => {
    const owner = callerAs(t.actors.customerA1);
    const [number, schedule, open, closed] = [
      await seedNumber(),
      await seedSchedule(),
      await seedFlow("Day"),
      await seedFlow("Night"),
    ];
    await owner.schedules.routeNumber({
      accountId: a1(),
      id: number.id,
      callFlowId: open.id,
      scheduleId: schedule.id,
      closedCallFlowId: closed.id,
    });
    const inHours = await owner.schedules.numberRoute({ accountId: a1(), id: number.id, at: "2026-12-22T10:00" });
    expect(inHours).toMatchObject({ callFlowId: open.id, open: true, reason: "hours", at: "2026-12-22T10:00:00+00:00" });
    const holiday = await owner.schedules.numberRoute({ accountId: a1(), id: number.id, at: "2026-12-28T10:00:00Z" });
    expect(holiday).toMatchObject({
      callFlowId: closed.id,
      open: false,
      reason: "holiday",
      state: { detail: "Boxing Day (substitute day)" },
    });
    // Each answer names its flow: the portal's pickers page through flows and hold no list to look names up in.
    expect(inHours.callFlow).toEqual({ name: "Day", extension: open.extension });
    expect(holiday.callFlow).toEqual({ name: "Night", extension: closed.extension });
    const listed = (await owner.resources.phoneNumbers.list({ accountId: a1() })).items.find((row) => row.id === number.id);
    expect(listed).toMatchObject({
      callFlow: { name: "Day", extension: open.extension },
      closedCallFlow: { name: "Night", extension: closed.extension },
      schedule: { id: schedule.id, name: schedule.name },
    });
  });

  it("names no flow for a number that routes to none", async () => {
    const owner = callerAs(t.actors.customerA1);
    const number = await seedNumber();
    const route = await owner.schedules.numberRoute({ accountId: a1(), id: number.id });
    expect(route).toMatchObject({ callFlowId: null, callFlow: null });
    const listed = (await owner.resources.phoneNumbers.list({ accountId: a1() })).items.find((row) => row.id === number.id);
    expect(listed).toMatchObject({
      callFlow: null,
      closedCallFlow: null,
      schedule: null,
      answers: { callFlow: null, open: null },
    });
  });
});

describe("one route per number, written whole (the two editors that overwrote each other)", () => {
  const stored = (id: string) =>
    db.phoneNumber.findUniqueOrThrow({ where: { id }, select: { callFlowId: true, scheduleId: true, closedCallFlowId: true } });

  it("moves a number from a schedule to a fixed flow in one write, leaving nothing of the schedule behind", async () => {
    const owner = callerAs(t.actors.customerA1);
    const [number, schedule, pete, afterHours] = [
      await seedNumber(),
      await seedSchedule(),
      await seedFlow("Call Pete"),
      await seedFlow("After hours"),
    ];
    const route = { accountId: a1(), id: number.id };
    await owner.schedules.routeNumber({
      ...route,
      callFlowId: pete.id,
      scheduleId: schedule.id,
      closedCallFlowId: afterHours.id,
    });
    const byTheSchedule = (await owner.resources.phoneNumbers.list({ accountId: a1(), search: number.number })).items[0];
    expect(byTheSchedule).toMatchObject({
      schedule: { name: schedule.name },
      callFlow: { name: "Call Pete" },
      closedCallFlow: { name: "After hours" },
    });
    // What answers now follows the schedule's state, its override included.
    await owner.schedules.setOverride({ accountId: a1(), id: schedule.id, override: "closed", overrideUntil: null });
    const closedNow = (await owner.resources.phoneNumbers.list({ accountId: a1(), search: number.number })).items[0];
    expect(closedNow?.answers).toEqual({ open: false, callFlow: { name: "After hours", extension: afterHours.extension } });
    await owner.schedules.setOverride({ accountId: a1(), id: schedule.id, override: "open", overrideUntil: null });
    const openNow = (await owner.resources.phoneNumbers.list({ accountId: a1(), search: number.number })).items[0];
    expect(openNow?.answers).toEqual({ open: true, callFlow: { name: "Call Pete", extension: pete.extension } });

    // The issue's story: the number is then given the flow "After hours". Before, a second editor
    // wrote the flow alone and the schedule went on routing, both of its branches now "After hours".
    const events = await auditEventsDuring([a1()], async () => {
      await owner.schedules.routeNumber({ ...route, callFlowId: afterHours.id, scheduleId: null, closedCallFlowId: null });
    });
    expect(events.map((event) => event.action)).toEqual(["phonenumber.route"]);
    expect(await stored(number.id)).toEqual({ callFlowId: afterHours.id, scheduleId: null, closedCallFlowId: null });
    const fixed = (await owner.resources.phoneNumbers.list({ accountId: a1(), search: number.number })).items[0];
    expect(fixed).toMatchObject({
      schedule: null,
      closedCallFlow: null,
      answers: { open: null, callFlow: { name: "After hours" } },
    });
    expect(await owner.schedules.numberRoute(route)).toMatchObject({ reason: "no_schedule", callFlow: { name: "After hours" } });
    // The schedule routes nothing any more: it can go.
    expect((await owner.schedules.list({ accountId: a1() })).find((listed) => listed.id === schedule.id)?.numbers).toEqual([]);
  });

  it("refuses half a route, naming each field, and keeps the route it had", async () => {
    const owner = callerAs(t.actors.customerA1);
    const [number, schedule, open, closed] = [await seedNumber(), await seedSchedule(), await seedFlow(), await seedFlow()];
    const route = { accountId: a1(), id: number.id };
    const whole = { callFlowId: open.id, scheduleId: schedule.id, closedCallFlowId: closed.id };
    await owner.schedules.routeNumber({ ...route, ...whole });
    for (const [half, issues] of [
      [
        { callFlowId: open.id, scheduleId: schedule.id, closedCallFlowId: null },
        [{ path: "closedCallFlowId", message: "Choose the flow that answers while the schedule is closed" }],
      ],
      [
        { callFlowId: null, scheduleId: schedule.id, closedCallFlowId: closed.id },
        [{ path: "callFlowId", message: "Choose the flow that answers while the schedule is open" }],
      ],
      [
        { callFlowId: null, scheduleId: schedule.id, closedCallFlowId: null },
        [
          { path: "callFlowId", message: "Choose the flow that answers while the schedule is open" },
          { path: "closedCallFlowId", message: "Choose the flow that answers while the schedule is closed" },
        ],
      ],
      [
        { callFlowId: open.id, scheduleId: null, closedCallFlowId: closed.id },
        [{ path: "closedCallFlowId", message: "A closed flow needs a schedule that says when the number is closed" }],
      ],
    ] as const) {
      const events = await auditEventsDuring([a1()], async () => {
        const error = await trpcError(owner.schedules.routeNumber({ ...route, ...half }));
        expect(error.code).toBe("BAD_REQUEST");
        expect(issuesOf(error)).toEqual(issues);
      });
      expect(events).toEqual([]);
      expect(await stored(number.id)).toEqual(whole);
    }
  });

  it("has one write of a number's route: no procedure changes its flow alone", async () => {
    const { appRouter } = await import("@/server/trpc/root");
    const numberWrites = Object.keys(appRouter._def.procedures).filter(
      (path) =>
        path.startsWith("resources.phoneNumbers.") && !["list", "inventory", "assignableAccounts"].includes(path.split(".")[2]!),
    );
    // Inventory only: adding (with a first fixed flow or none), moving or releasing (which clear
    // the whole route) and deleting. Routing is schedules.routeNumber, whole.
    expect(numberWrites.sort()).toEqual([
      "resources.phoneNumbers.assign",
      "resources.phoneNumbers.create",
      "resources.phoneNumbers.delete",
    ]);
  });
});

describe("refused deletes", () => {
  it("keeps a schedule a number routes by, naming the numbers", async () => {
    const owner = callerAs(t.actors.customerA1);
    const schedule = await seedSchedule();
    const [first, second] = [await seedNumber(), await seedNumber()];
    const [open, closed] = [await seedFlow(), await seedFlow()];
    for (const number of [first, second]) {
      await owner.schedules.routeNumber({
        accountId: a1(),
        id: number.id,
        callFlowId: open.id,
        scheduleId: schedule.id,
        closedCallFlowId: closed.id,
      });
    }
    const events = await auditEventsDuring([a1()], async () => {
      const error = await trpcError(owner.schedules.delete({ accountId: a1(), id: schedule.id }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain(first.number);
      expect(error.message).toContain(second.number);
    });
    expect(events).toEqual([]);
    expect(await db.schedule.count({ where: { id: schedule.id } })).toBe(1);
  });

  it("keeps a flow a number uses while closed, naming the number", async () => {
    const owner = callerAs(t.actors.customerA1);
    const [number, schedule, open, closed] = [
      await seedNumber(),
      await seedSchedule(),
      await seedFlow(),
      await seedFlow("Night"),
    ];
    await owner.schedules.routeNumber({
      accountId: a1(),
      id: number.id,
      callFlowId: open.id,
      scheduleId: schedule.id,
      closedCallFlowId: closed.id,
    });
    const error = await trpcError(owner.callFlows.delete({ accountId: a1(), id: closed.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain(number.number);
    expect(await db.callFlow.count({ where: { id: closed.id } })).toBe(1);
  });
});

describe("audit events", () => {
  it("records each change with what it was before and after, and nothing for a refused one", async () => {
    const owner = callerAs(t.actors.customerA1);
    const events = await auditEventsDuring([a1()], async () => {
      const created = await owner.schedules.create({ accountId: a1(), document: officeHours("Audited") });
      await owner.schedules.setOverride({
        accountId: a1(),
        id: created.id,
        override: "closed",
        overrideUntil: "2099-01-01T00:00:00Z",
      });
      await trpcCode(owner.schedules.update({ accountId: a1(), id: created.id, version: 1, document: officeHours("Stale") }));
      await trpcCode(owner.schedules.create({ accountId: a1(), document: { ...officeHours(), timezone: "Mars/Olympus" } }));
      await owner.schedules.delete({ accountId: a1(), id: created.id });
    });
    expect(events.map((event) => event.action)).toEqual(["schedule.create", "schedule.override", "schedule.delete"]);
    expect(events[1]).toMatchObject({
      entityType: "schedule",
      actorLabel: t.actors.customerA1.email,
      before: { override: "auto", overrideUntil: null, version: 1 },
      after: { override: "closed", overrideUntil: "2099-01-01T00:00:00.000Z", version: 2 },
    });
  });

  it("refuses a stale version and a bad document, storing nothing", async () => {
    const owner = callerAs(t.actors.customerA1);
    const schedule = await seedSchedule();
    await owner.schedules.update({ accountId: a1(), id: schedule.id, version: 1, document: officeHours("Second") });
    expect(
      await trpcCode(owner.schedules.update({ accountId: a1(), id: schedule.id, version: 1, document: officeHours("Third") })),
    ).toBe("CONFLICT");
    const bad = await trpcError(
      owner.schedules.update({ accountId: a1(), id: schedule.id, document: { ...officeHours(), holidays: "GB-XYZ" } }),
    );
    expect(issuesOf(bad)).toEqual([{ path: "holidays", message: expect.stringContaining("GB-XYZ") }]);
    expect(await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      name: "Second",
      holidays: "GB-ENG",
      version: 2,
    });
  });
});
