import { describe, expect, it } from "vitest";
import { coverage, paint } from "@/components/schedules/intervals";
import { statusLine } from "@/components/schedules/schedule-status";

describe("painting the week grid", () => {
  it("opens a slot, merging it with the intervals it touches", () => {
    expect(paint([["09:00", "12:00"]], 12 * 60, 12 * 60 + 30, true)).toEqual([["09:00", "12:30"]]);
    expect(
      paint(
        [
          ["09:00", "12:00"],
          ["13:00", "17:00"],
        ],
        12 * 60,
        13 * 60,
        true,
      ),
    ).toEqual([["09:00", "17:00"]]);
  });

  it("closes a slot, splitting the interval around it", () => {
    expect(paint([["09:00", "17:30"]], 12 * 60, 12 * 60 + 30, false)).toEqual([
      ["09:00", "12:00"],
      ["12:30", "17:30"],
    ]);
    expect(paint([["09:15", "09:45"]], 9 * 60, 9 * 60 + 30, false)).toEqual([["09:30", "09:45"]]);
  });

  it("tells a fully, partly or not covered slot apart", () => {
    const day = [["09:15", "10:00"]] as [string, string][];
    expect(coverage(day, 9 * 60 + 30, 10 * 60)).toBe("open");
    expect(coverage(day, 9 * 60, 9 * 60 + 30)).toBe("partly");
    expect(coverage(day, 10 * 60, 10 * 60 + 30)).toBe("closed");
  });
});

describe("the status line", () => {
  const now = new Date("2026-12-22T10:00:00Z");

  it("says when it closes today, in the schedule's zone", () => {
    expect(
      statusLine({ open: true, reason: "hours", detail: null, until: "2026-12-22T17:30:00+00:00" }, "Europe/London", now),
    ).toBe("Open now, closes at 17:30");
    expect(
      statusLine({ open: true, reason: "hours", detail: null, until: "2026-12-22T17:30:00Z" }, "America/New_York", now),
    ).toBe("Open now, closes at 12:30");
  });

  it("names the reason and the day it opens", () => {
    expect(
      statusLine(
        { open: false, reason: "holiday", detail: "Boxing Day (substitute day)", until: "2026-12-29T09:00:00Z" },
        "Europe/London",
        now,
      ),
    ).toBe("Closed now (holiday: Boxing Day (substitute day)), opens on Tue 29 Dec at 09:00");
    expect(statusLine({ open: false, reason: "override", detail: null, until: null }, "Europe/London", now)).toBe(
      "Closed now (manual) until switched back",
    );
  });
});
