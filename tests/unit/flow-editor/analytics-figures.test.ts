import { describe, expect, it } from "vitest";
import {
  analyticsOverlay,
  chartDays,
  daysIn,
  type FlowStats,
  lastDays,
  moduleRows,
  outcomesSeen,
  pointsChange,
} from "@/components/flow-editor/analytics-figures";
import { moduleNames } from "@/components/flow-editor/issue-messages";

const FLOW = {
  start: { module: "start", next: "menu" },
  menu: { module: "pressextension", next: { "1": "ring", "2": "mail", timeout: "mail" } },
  ring: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: "mail" },
  mail: { module: "busy" },
};

const A: FlowStats = {
  calls: 200,
  outcomes: { answered: 120, hangup: 80 },
  median_duration_s: 40,
  modules: {
    start: { entered: 200, ended_here: 0, routes: { next: 200 } },
    menu: { entered: 200, ended_here: 70, routes: { "1": 84, timeout: 46 } },
    ring: { entered: 84, ended_here: 84, routes: {} },
    mail: { entered: 46, ended_here: 46, routes: {} },
    gone: { entered: 3, ended_here: 3, routes: {} },
  },
};

const B: FlowStats = {
  calls: 100,
  outcomes: { answered: 90, busy: 10 },
  median_duration_s: 50,
  modules: {
    start: { entered: 100, ended_here: 0, routes: { next: 100 } },
    menu: { entered: 100, ended_here: 10, routes: { "1": 90 } },
  },
};

describe("ranges of days", () => {
  it("counts the last days with today, and a range's days with both ends", () => {
    expect(lastDays(30, new Date("2026-12-07T23:59:00Z"))).toEqual({ from: "2026-11-08", to: "2026-12-07" });
    expect(daysIn({ from: "2026-11-08", to: "2026-12-07" })).toBe(30);
    expect(daysIn({ from: "2026-12-07", to: "2026-12-06" })).toBe(0);
  });

  it("fills every day of the chart's range, days without calls as zeros", () => {
    const days = chartDays({ from: "2026-12-01", to: "2026-12-03" }, [
      { day: "2026-12-02", calls: 3, outcomes: { answered: 2, hangup: 1 } },
    ]);
    expect(days.map((day) => [day.day, day.calls, day.answered, day.hangup])).toEqual([
      ["2026-12-01", 0, 0, 0],
      ["2026-12-02", 3, 2, 1],
      ["2026-12-03", 0, 0, 0],
    ]);
  });

  it("keeps only the days with calls past the chart's longest range", () => {
    const days = chartDays({ from: "2000-01-01", to: "2026-12-03" }, [{ day: "2026-12-02", calls: 1, outcomes: { fax: 1 } }]);
    expect(days.map((day) => day.day)).toEqual(["2026-12-02"]);
  });

  it("lists the outcomes either version had, in the API's order", () => {
    expect(outcomesSeen([A, B])).toEqual(["answered", "hangup", "busy"]);
  });
});

describe("moduleRows", () => {
  it("names the flow's modules as the editor does, in its order, then the removed ones without their keys", () => {
    const rows = moduleRows(FLOW, moduleNames(FLOW), A, B);
    expect(rows.map((row) => row.name)).toEqual(["Start", "IVR menu 1", "Ring 1", "Busy tone 1", "A removed module 1"]);
    expect(rows[1]).toMatchObject({
      a: {
        entered: 200,
        endedHere: 70,
        routes: [
          { route: "1", calls: 84 },
          { route: "timeout", calls: 46 },
        ],
      },
      b: { entered: 100, endedHere: 10, routes: [{ route: "1", calls: 90 }] },
    });
    expect(rows[2]!.b).toEqual({ entered: 0, endedHere: 0, routes: [] });
  });

  it("says a share's change in points", () => {
    expect(pointsChange(70, 200, 10, 100)).toBe("−25 pts");
    expect(pointsChange(1, 2, 3, 4)).toBe("+25 pts");
    expect(pointsChange(0, 0, 0, 0)).toBe("±0 pts");
  });
});

describe("analyticsOverlay", () => {
  it("heats each module by its share of the calls and each route by its share of the callers", () => {
    const overlay = analyticsOverlay(FLOW, A, null, "Calls");
    expect(overlay.modules.get("menu")).toEqual({ text: "200 in · 35% ended", heat: 1 });
    expect(overlay.modules.get("ring")).toEqual({ text: "84 in · 100% ended", heat: 0.42 });
    expect(overlay.routes.get("menu:next.1")).toEqual({ text: "42%", heat: 0.42 });
    expect(overlay.routes.get("menu:next.timeout")).toEqual({ text: "23%", heat: 0.23 });
    expect(overlay.routes.get("start:next")).toEqual({ text: "100%", heat: 1 });
    // A module the flow no longer has is not drawn; a route no caller took is drawn plain.
    expect(overlay.modules.has("gone")).toBe(false);
    expect(overlay.routes.has("menu:next.2")).toBe(false);
    expect(overlay.caption).toBe("Calls");
  });

  it("shows both versions' callers on each module when comparing", () => {
    const overlay = analyticsOverlay(FLOW, A, B, "Calls");
    expect(overlay.modules.get("menu")!.text).toBe("A 200 · B 100");
    expect(overlay.modules.get("mail")!.text).toBe("A 46 · B 0");
  });

  it("is cold everywhere without calls", () => {
    const none: FlowStats = { calls: 0, outcomes: {}, median_duration_s: null, modules: {} };
    const overlay = analyticsOverlay(FLOW, none, null, "");
    expect(overlay.modules.get("start")).toEqual({ text: "0 in · 0% ended", heat: 0 });
    expect(overlay.routes.size).toBe(0);
  });
});
