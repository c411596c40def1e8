import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiInstant, checkCall, durationSeconds, medianOf, utcInstantMs, ZCallInput } from "@/server/domain/calls/call-input";
import { versionLiveAt } from "@/server/domain/calls/versions";

const NOW = new Date("2026-12-01T12:00:00Z");
const FLOW = "31347d42-00bd-44a5-9b5c-20dc4197a2f6";

const call = (overrides: Record<string, unknown> = {}) => ({
  call_id: "sw-1",
  flow: FLOW,
  started_at: "2026-12-01T09:00:00Z",
  ended_at: "2026-12-01T09:02:13Z",
  outcome: "answered",
  steps: [
    { module: "start", at: "2026-12-01T09:00:01Z", route: "next" },
    { module: "menu", at: "2026-12-01T09:00:02+01:00" },
  ],
  ...overrides,
});

const pathsOf = (value: unknown) => {
  const outcome = checkCall(value, NOW);
  return "issues" in outcome ? outcome.issues.map((issue) => issue.path) : [];
};

describe("checkCall", () => {
  it("takes a call as the switch sends it, times as instants (a step's in UTC, offsets too), number and caller optional", () => {
    const outcome = checkCall(call(), NOW);
    expect(outcome).toEqual({
      call: {
        callId: "sw-1",
        flowId: FLOW,
        number: null,
        caller: null,
        startedAt: "2026-12-01T09:00:00.000Z",
        endedAt: "2026-12-01T09:02:13.000Z",
        outcome: "answered",
        steps: [
          { module: "start", at: "2026-12-01T09:00:01.000Z", route: "next" },
          { module: "menu", at: "2026-12-01T08:00:02.000Z" },
        ],
      },
    });
  });

  it("names the field of each problem, the message naming it too", () => {
    expect(pathsOf(call({ ended_at: "2026-12-01T08:59:59Z" }))).toEqual(["ended_at"]);
    expect(pathsOf(call({ started_at: "2026-12-01T12:05:01Z", ended_at: "2026-12-01T12:06:00Z", steps: [] }))).toEqual([
      "started_at",
      "ended_at",
    ]);
    expect(pathsOf(call({ started_at: "2026-12-01T12:04:59Z", ended_at: "2026-12-01T12:05:00Z", steps: [] }))).toEqual([]);
    expect(pathsOf(call({ steps: Array.from({ length: 501 }, () => ({ module: "m", at: "2026-12-01T09:00:01Z" })) }))).toEqual([
      "steps",
    ]);
    expect(pathsOf(call({ outcome: "abandoned", call_id: "", flow: "nope", colour: "red" }))).toEqual([
      "call_id",
      "flow",
      "outcome",
      "colour",
    ]);
    expect(pathsOf(call({ steps: [{ module: "m", at: "yesterday", route: "press 1" }] }))).toEqual([
      "steps.0.at",
      "steps.0.route",
    ]);
    expect(pathsOf("a string")).toEqual([""]);
    const outcome = checkCall(call({ outcome: "abandoned" }), NOW);
    expect("issues" in outcome && outcome.issues[0]!.message).toMatch(/^outcome must be one of answered, voicemail, hangup/);
  });
});

describe("reading an instant by hand", () => {
  const pad = (value: number, width: number) => String(value).padStart(width, "0");

  it("reads every real UTC instant, with milliseconds or without, as Date.parse does, and no impossible one", () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 0, max: 9999 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 25 }),
          minute: fc.integer({ min: 0, max: 60 }),
          second: fc.integer({ min: 0, max: 60 }),
          millis: fc.option(fc.integer({ min: 0, max: 999 })),
        }),
        ({ year, month, day, hour, minute, second, millis }) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${millis === null ? "" : `.${pad(millis, 3)}`}Z`;
          const byHand = utcInstantMs(text);
          // A real instant of the calendar (Date.UTC would move 30 February to March) is read by
          // hand as Date.parse reads it; anything else is left to Date.parse (NaN here).
          const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
          const real =
            year >= 1000 &&
            date.getUTCFullYear() === year &&
            date.getUTCMonth() === month - 1 &&
            date.getUTCDate() === day &&
            date.getUTCHours() === hour &&
            date.getUTCMinutes() === minute &&
            date.getUTCSeconds() === second;
          if (real) expect(byHand).toBe(Date.parse(text));
          else expect(byHand).toBeNaN();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves every other form to Date.parse", () => {
    for (const text of [
      "2026-12-01T09:00:00+01:00",
      "2026-12-01T09:00:00.5Z",
      "2026-12-01 09:00:00Z",
      "2026-12-01T09:00:0xZ",
      "2026-02-29T00:00:00Z",
    ]) {
      expect(utcInstantMs(text)).toBeNaN();
    }
    expect(utcInstantMs("2028-02-29T23:59:59.999Z")).toBe(Date.UTC(2028, 1, 29, 23, 59, 59, 999));
  });
});

describe("the figures", () => {
  it("counts lengths in whole seconds and writes instants without empty milliseconds", () => {
    expect(durationSeconds(new Date("2026-12-01T09:00:00Z"), new Date("2026-12-01T09:02:13.900Z"))).toBe(133);
    expect(apiInstant(new Date("2026-12-01T09:00:00Z"))).toBe("2026-12-01T09:00:00Z");
    expect(apiInstant(new Date("2026-12-01T09:00:00.250Z"))).toBe("2026-12-01T09:00:00.250Z");
  });

  it("takes the median of a histogram: the middle length, or the mean of the two", () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([{ seconds: 10, calls: 1 }])).toBe(10);
    expect(
      medianOf([
        { seconds: 10, calls: 1 },
        { seconds: 20, calls: 1 },
      ]),
    ).toBe(15);
    expect(
      medianOf([
        { seconds: 5, calls: 3 },
        { seconds: 60, calls: 2 },
        { seconds: 90, calls: 1 },
      ]),
    ).toBe(32.5);
    expect(
      medianOf([
        { seconds: 5, calls: 3 },
        { seconds: 60, calls: 4 },
      ]),
    ).toBe(60);
  });

  it("attributes the version live at the start: the newest made at or before it, else the first", () => {
    const flow = {
      flowId: FLOW,
      accountId: FLOW,
      currentVersion: 3,
      versions: [
        { version: 1, createdAt: new Date("2026-11-01T00:00:00Z") },
        { version: 2, createdAt: new Date("2026-11-10T00:00:00Z") },
        { version: 3, createdAt: new Date("2026-11-20T00:00:00Z") },
      ],
    };
    expect(versionLiveAt(flow, new Date("2026-10-01T00:00:00Z"))).toBe(1);
    expect(versionLiveAt(flow, new Date("2026-11-10T00:00:00Z"))).toBe(2);
    expect(versionLiveAt(flow, new Date("2026-11-19T23:59:59Z"))).toBe(2);
    expect(versionLiveAt(flow, new Date("2026-12-01T00:00:00Z"))).toBe(3);
    expect(versionLiveAt({ ...flow, versions: [] }, new Date())).toBe(3);
  });
});

describe("the compiled check", () => {
  // checkCall runs zod's compiled form of ZCallInput (a generated function, several times faster);
  // zod falls back to its parser whenever the compiled one refuses, so both must answer alike.
  it("compiles (a schema zod cannot compile would quietly run the slow parser)", () => {
    expect(() => z.compile(ZCallInput, { strict: true })).not.toThrow();
  });

  it("accepts and refuses exactly what ZCallInput does, with the same issues", () => {
    const compiled = z.compile(ZCallInput, { strict: true });
    const text = fc.oneof(
      fc.constantFrom("", "x", "sw\u00011", "a".repeat(64), "a".repeat(65), "+441632960001", "menu", "press 1", "*", "next"),
      fc.constantFrom("2026-12-01T09:00:00Z", "2026-12-01T09:00:00.123+01:00", "2026-02-29T09:00:00Z", "2024-02-29T09:00:00Z"),
      fc.constantFrom("2026-12-01T24:00:00Z", "2026-12-01T09:00Z", "2026-12-01 09:00:00Z", "2026-12-01T09:00:00+24:00"),
      fc.constantFrom(FLOW, FLOW.toUpperCase(), "31347d42-00bd-94a5-9b5c-20dc4197a2f6", "answered", "abandoned"),
      fc.string({ maxLength: 70 }),
    );
    const anything = fc.oneof(
      text,
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
    );
    const step = fc.record({ module: anything, at: anything, route: anything, extra: anything }, { requiredKeys: [] });
    const callValue = fc.record(
      {
        call_id: anything,
        flow: anything,
        number: anything,
        caller: anything,
        started_at: anything,
        ended_at: anything,
        outcome: anything,
        steps: fc.oneof(fc.array(step, { maxLength: 3 }), anything),
        colour: anything,
      },
      { requiredKeys: [] },
    );
    const valid = fc.record({
      call_id: fc.constantFrom("sw-1", "a".repeat(64)),
      flow: fc.constantFrom(FLOW, FLOW.toUpperCase()),
      started_at: fc.constantFrom("2026-12-01T09:00:00Z", "2026-12-01T09:00:00.5+01:00"),
      ended_at: fc.constantFrom("2026-12-01T09:02:13Z"),
      outcome: fc.constantFrom("answered", "busy"),
      steps: fc.array(
        fc.record(
          {
            module: fc.constantFrom("start", "menu"),
            at: fc.constantFrom("2026-12-01T09:00:01Z"),
            route: fc.constantFrom("next", "1"),
          },
          { requiredKeys: ["module", "at"] },
        ),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.oneof(callValue, valid, anything), (value) => {
        const expected = ZCallInput.safeParse(value);
        const actual = compiled.safeParse(value);
        expect(actual.success).toBe(expected.success);
        if (expected.success) expect(actual.data).toEqual(expected.data);
        else expect(actual.error?.issues).toEqual(expected.error.issues);
      }),
      { numRuns: 3000 },
    );
  });
});
