import { describe, expect, it } from "vitest";
import {
  comingHolidays,
  isHolidayRegion,
  isoInZone,
  type ScheduleRules,
  scheduleStateAt,
  type WeeklyHours,
  ZScheduleDocument,
} from "@/server/domain/schedule";

const CLOSED_WEEK: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const OFFICE: WeeklyHours = {
  ...CLOSED_WEEK,
  mon: [["09:00", "17:30"]],
  tue: [["09:00", "17:30"]],
  wed: [["09:00", "17:30"]],
  thu: [["09:00", "17:30"]],
  fri: [["09:00", "17:30"]],
};

function rules(overrides: Partial<ScheduleRules>): ScheduleRules {
  return {
    timezone: "Europe/London",
    hours: OFFICE,
    closures: [],
    holidays: null,
    override: "auto",
    overrideUntil: null,
    ...overrides,
  };
}

/** The state at an instant, with `until` as ISO 8601 in the schedule's zone. */
function stateAt(schedule: ScheduleRules, at: string) {
  const state = scheduleStateAt(schedule, new Date(at));
  return {
    open: state.open,
    reason: state.reason,
    detail: state.detail,
    until: state.until && isoInZone(state.until, schedule.timezone),
  };
}

describe("schedule state across the UK's daylight-saving changes (Europe/London)", () => {
  it("opens at 09:00 local on both sides of the spring change", () => {
    // Friday 27 March 2026 is GMT, Monday 30 March BST: 09:00 local is 09:00Z, then 08:00Z.
    expect(stateAt(rules({}), "2026-03-27T08:59:00Z")).toMatchObject({
      open: false,
      until: "2026-03-27T09:00:00Z".replace("Z", "+00:00"),
    });
    expect(stateAt(rules({}), "2026-03-27T18:00:00Z")).toEqual({
      open: false,
      reason: "outside_hours",
      detail: null,
      until: "2026-03-30T09:00:00+01:00",
    });
    expect(stateAt(rules({}), "2026-03-30T08:30:00Z")).toEqual({
      open: true,
      reason: "hours",
      detail: null,
      until: "2026-03-30T17:30:00+01:00",
    });
  });

  it("an interval ending inside the missing hour closes when the clocks jump", () => {
    // Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST at 01:00Z; 01:00-01:59 never happens.
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["00:30", "01:30"]] } });
    expect(stateAt(schedule, "2026-03-29T00:45:00Z")).toEqual({
      open: true,
      reason: "hours",
      detail: null,
      until: "2026-03-29T02:00:00+01:00",
    });
    expect(stateAt(schedule, "2026-03-29T01:00:00Z")).toMatchObject({ open: false, reason: "outside_hours" });
  });

  it("an interval starting inside the missing hour opens when the clocks jump", () => {
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["01:30", "02:30"]] } });
    expect(stateAt(schedule, "2026-03-29T00:59:00Z")).toMatchObject({ open: false, until: "2026-03-29T02:00:00+01:00" });
    expect(stateAt(schedule, "2026-03-29T01:15:00Z")).toMatchObject({ open: true, until: "2026-03-29T02:30:00+01:00" });
  });

  it("an interval spanning the missing hour lasts an hour less", () => {
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["00:00", "03:00"]] } });
    const state = scheduleStateAt(schedule, new Date("2026-03-29T00:00:00Z"));
    expect(state.open).toBe(true);
    expect(state.until?.toISOString()).toBe("2026-03-29T02:00:00.000Z");
  });

  it("an interval inside the repeated hour is open each time the hour passes", () => {
    // Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT at 01:00Z; 01:00-01:59 happens twice.
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["01:00", "01:30"]] } });
    expect(stateAt(schedule, "2026-10-25T00:10:00Z")).toMatchObject({ open: true, until: "2026-10-25T01:30:00+01:00" });
    expect(stateAt(schedule, "2026-10-25T00:45:00Z")).toMatchObject({ open: false, until: "2026-10-25T01:00:00+00:00" });
    expect(stateAt(schedule, "2026-10-25T01:10:00Z")).toMatchObject({ open: true, until: "2026-10-25T01:30:00+00:00" });
  });

  it("an interval spanning the repeated hour follows the wall clock back", () => {
    // 01:30-02:30: open from 01:30 BST; at 01:00Z the clock reads 01:00 GMT, before the interval.
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["01:30", "02:30"]] } });
    expect(stateAt(schedule, "2026-10-25T00:40:00Z")).toMatchObject({ open: true, until: "2026-10-25T01:00:00+00:00" });
    expect(stateAt(schedule, "2026-10-25T01:10:00Z")).toMatchObject({ open: false, until: "2026-10-25T01:30:00+00:00" });
    expect(stateAt(schedule, "2026-10-25T01:40:00Z")).toMatchObject({ open: true, until: "2026-10-25T02:30:00+00:00" });
  });
});

describe("schedule state across the US's daylight-saving changes", () => {
  const newYork = (hours: Partial<WeeklyHours>) => rules({ timezone: "America/New_York", hours: { ...CLOSED_WEEK, ...hours } });

  it("an interval spanning the missing hour closes at the jump (8 March 2026)", () => {
    // 02:00 EST becomes 03:00 EDT at 07:00Z.
    const schedule = newYork({ sun: [["01:30", "02:30"]] });
    expect(stateAt(schedule, "2026-03-08T06:45:00Z")).toEqual({
      open: true,
      reason: "hours",
      detail: null,
      until: "2026-03-08T03:00:00-04:00",
    });
    expect(stateAt(schedule, "2026-03-08T07:00:00Z")).toMatchObject({ open: false, until: "2026-03-15T01:30:00-04:00" });
  });

  it("an interval inside the repeated hour opens twice (1 November 2026)", () => {
    // 02:00 EDT becomes 01:00 EST at 06:00Z.
    const schedule = newYork({ sun: [["01:15", "01:45"]] });
    expect(stateAt(schedule, "2026-11-01T05:20:00Z")).toMatchObject({ open: true, until: "2026-11-01T01:45:00-04:00" });
    expect(stateAt(schedule, "2026-11-01T05:50:00Z")).toMatchObject({ open: false, until: "2026-11-01T01:15:00-05:00" });
    expect(stateAt(schedule, "2026-11-01T06:20:00Z")).toMatchObject({ open: true, until: "2026-11-01T01:45:00-05:00" });
  });

  it("opens at 09:00 Pacific after the spring change", () => {
    const schedule = rules({ timezone: "America/Los_Angeles" });
    // Saturday 7 March 2026 is PST; Monday 9 March PDT (09:00 local = 16:00Z).
    const state = scheduleStateAt(schedule, new Date("2026-03-07T20:00:00Z"));
    expect(state.until?.toISOString()).toBe("2026-03-09T16:00:00.000Z");
  });
});

describe("holidays and closures", () => {
  it("closes on the holidays of a region, substitute days included (GB-ENG)", () => {
    const schedule = rules({ holidays: "GB-ENG" });
    // Monday 28 December 2026 is the substitute day for Boxing Day (a Saturday).
    expect(stateAt(schedule, "2026-12-28T12:00:00Z")).toMatchObject({
      open: false,
      reason: "holiday",
      detail: "Boxing Day (substitute day)",
    });
    // From Thursday 24 December after hours: Christmas, the weekend and the substitute day are closed.
    expect(stateAt(schedule, "2026-12-24T18:00:00Z")).toMatchObject({
      open: false,
      reason: "outside_hours",
      until: "2026-12-29T09:00:00+00:00",
    });
    expect(stateAt(schedule, "2026-12-24T12:00:00Z")).toMatchObject({ open: true, until: "2026-12-24T17:30:00+00:00" });
  });

  it("uses observed days in the US (US-CA, 2027)", () => {
    const schedule = rules({ timezone: "America/Los_Angeles", holidays: "US-CA" });
    // 4 July 2027 is a Sunday, observed Monday 5 July; Juneteenth (a Saturday) is observed Friday 18 June.
    expect(stateAt(schedule, "2027-07-05T17:00:00Z")).toMatchObject({
      open: false,
      reason: "holiday",
      detail: "Independence Day (substitute day)",
    });
    expect(stateAt(schedule, "2027-06-18T17:00:00Z")).toMatchObject({ open: false, reason: "holiday" });
    expect(stateAt(schedule, "2027-07-06T17:00:00Z")).toMatchObject({ open: true, reason: "hours" });
  });

  it("does not close for observances", () => {
    // Valentine's Day 2030 is a Thursday: an observance in the US, not a day off.
    const schedule = rules({ timezone: "America/New_York", holidays: "US" });
    expect(stateAt(schedule, "2030-02-14T15:00:00Z")).toMatchObject({ open: true, reason: "hours" });
  });

  it("closes all day on a closure, and every year on a yearly one", () => {
    const schedule = rules({
      closures: [
        { date: "2026-12-23", name: "Office party", yearly: false },
        { date: "2020-12-24", name: "Christmas Eve", yearly: true },
      ],
    });
    expect(stateAt(schedule, "2026-12-23T10:00:00Z")).toEqual({
      open: false,
      reason: "closure",
      detail: "Office party",
      until: "2026-12-25T09:00:00+00:00",
    });
    expect(stateAt(schedule, "2027-12-23T10:00:00Z")).toMatchObject({ open: true });
    expect(stateAt(schedule, "2027-12-24T10:00:00Z")).toMatchObject({ open: false, reason: "closure", detail: "Christmas Eve" });
  });

  it("lists the coming holidays of a region from a date", () => {
    expect(comingHolidays("GB-ENG", "2026-12-26", 3)).toEqual([
      { date: "2026-12-26", name: "Boxing Day" },
      { date: "2026-12-28", name: "Boxing Day (substitute day)" },
      { date: "2027-01-01", name: "New Year's Day" },
    ]);
  });

  it.each([
    ["GB-ENG", true],
    ["US-CA", true],
    ["DE-BY", true],
    ["GB", true],
    ["GB-XYZ", false],
    ["XX", false],
    ["DE-BY-NOPE", false],
  ])("knows whether %s is a holiday region", (region, known) => {
    expect(isHolidayRegion(region)).toBe(known);
  });
});

describe("the manual override and the until computation", () => {
  it("holds an override without an end until it is changed", () => {
    expect(stateAt(rules({ override: "closed" }), "2026-06-03T10:00:00Z")).toEqual({
      open: false,
      reason: "override",
      detail: null,
      until: null,
    });
    expect(stateAt(rules({ override: "open" }), "2026-06-06T10:00:00Z")).toEqual({
      open: true,
      reason: "override",
      detail: null,
      until: null,
    });
  });

  it("returns to automatic when an override ends", () => {
    const schedule = rules({ override: "closed", overrideUntil: new Date("2026-06-03T12:00:00Z") });
    // Wednesday 3 June 2026, 11:00 BST: closed by hand until 13:00 BST, then open by the hours.
    expect(stateAt(schedule, "2026-06-03T10:00:00Z")).toMatchObject({
      open: false,
      reason: "override",
      until: "2026-06-03T13:00:00+01:00",
    });
    expect(stateAt(schedule, "2026-06-03T12:00:00Z")).toMatchObject({
      open: true,
      reason: "hours",
      until: "2026-06-03T17:30:00+01:00",
    });
  });

  it("looks past an override's end when the hours give the same answer", () => {
    // Closed by hand until Saturday noon, closed all weekend by the hours: next change is Monday 09:00.
    const schedule = rules({ override: "closed", overrideUntil: new Date("2026-06-06T11:00:00Z") });
    expect(stateAt(schedule, "2026-06-05T10:00:00Z")).toMatchObject({
      open: false,
      reason: "override",
      until: "2026-06-08T09:00:00+01:00",
    });
  });

  it("ignores an override that has ended", () => {
    const schedule = rules({ override: "open", overrideUntil: new Date("2026-06-01T00:00:00Z") });
    expect(stateAt(schedule, "2026-06-06T10:00:00Z")).toMatchObject({ open: false, reason: "outside_hours" });
  });

  it("treats touching intervals as one stretch", () => {
    const schedule = rules({
      hours: {
        ...CLOSED_WEEK,
        mon: [
          ["13:00", "17:00"],
          ["09:00", "13:00"],
        ],
        sun: [["22:00", "24:00"]],
        tue: [],
      },
    });
    expect(stateAt(schedule, "2026-06-01T09:30:00Z")).toMatchObject({ open: true, until: "2026-06-01T17:00:00+01:00" });
  });

  it("runs an evening into the next morning through midnight", () => {
    const schedule = rules({ hours: { ...CLOSED_WEEK, sun: [["22:00", "24:00"]], mon: [["00:00", "02:00"]] } });
    expect(stateAt(schedule, "2026-06-07T21:30:00Z")).toMatchObject({ open: true, until: "2026-06-08T02:00:00+01:00" });
  });

  it("answers null when nothing ever opens", () => {
    expect(stateAt(rules({ hours: CLOSED_WEEK }), "2026-06-01T10:00:00Z")).toEqual({
      open: false,
      reason: "outside_hours",
      detail: null,
      until: null,
    });
  });
});

describe("schedule documents", () => {
  const valid = {
    name: "Office hours",
    timezone: "Europe/London",
    hours: { ...CLOSED_WEEK, mon: [["09:00", "17:30"]], tue: [["09:00", "17:30"]] },
    closures: [{ date: "2026-12-24", name: "Office party" }],
    holidays: "GB-ENG",
    override: "auto",
  };

  function issues(document: unknown) {
    const parsed = ZScheduleDocument.safeParse(document);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
  }

  it("accepts the documented example, with defaults for what is left out", () => {
    const parsed = ZScheduleDocument.parse(valid);
    expect(parsed.closures).toEqual([{ date: "2026-12-24", name: "Office party", yearly: false }]);
    expect(parsed.overrideUntil).toBeNull();
  });

  it.each([
    [
      "overlapping intervals",
      {
        hours: {
          ...valid.hours,
          mon: [
            ["09:00", "12:00"],
            ["11:00", "13:00"],
          ],
        },
      },
      ["hours.mon.1"],
    ],
    [
      "an interval listed before the one it overlaps",
      {
        hours: {
          ...valid.hours,
          wed: [
            ["12:00", "14:00"],
            ["09:00", "12:30"],
          ],
        },
      },
      ["hours.wed.1"],
    ],
    ["an interval ending before it starts", { hours: { ...valid.hours, tue: [["17:00", "09:00"]] } }, ["hours.tue.0"]],
    ["an empty interval", { hours: { ...valid.hours, tue: [["09:00", "09:00"]] } }, ["hours.tue.0"]],
    ["a time that is not HH:MM", { hours: { ...valid.hours, fri: [["9:00", "25:00"]] } }, ["hours.fri.0.0", "hours.fri.0.1"]],
    ["a missing day", { hours: { mon: [] } }, ["hours.tue", "hours.wed", "hours.thu", "hours.fri", "hours.sat", "hours.sun"]],
    ["an unknown day", { hours: { ...valid.hours, holiday: [] } }, ["hours"]],
    ["an unknown time zone", { timezone: "Europe/Atlantis" }, ["timezone"]],
    ["an offset for a zone", { timezone: "+01:00" }, ["timezone"]],
    ["a region that is not a code", { holidays: "England" }, ["holidays"]],
    ["an unknown override", { override: "maybe" }, ["override"]],
    ["an end to the automatic mode", { override: "auto", overrideUntil: "2026-12-24T17:00:00Z" }, ["overrideUntil"]],
    ["an end without an offset", { override: "closed", overrideUntil: "2026-12-24T17:00" }, ["overrideUntil"]],
    ["a date that does not exist", { closures: [{ date: "2026-02-30", name: "Nope" }] }, ["closures.0.date"]],
    ["a closure without a name", { closures: [{ date: "2026-02-03", name: " " }] }, ["closures.0.name"]],
  ])("refuses %s, naming the field", (_, change, paths) => {
    expect(issues({ ...valid, ...change })).toEqual(paths);
  });

  it("accepts touching intervals and an end at midnight", () => {
    expect(
      issues({
        ...valid,
        hours: {
          ...valid.hours,
          sat: [
            ["09:00", "12:00"],
            ["12:00", "24:00"],
          ],
        },
      }),
    ).toEqual([]);
  });
});
