import { describe, expect, it } from "vitest";
import { callPathOverlay } from "@/components/calls/call-path";
import { percent, routeEdgeId } from "@/components/flow-editor/graph-overlay";

const FLOW = {
  start: { module: "start", next: "menu" },
  menu: { module: "pressextension", next: { "1": "ring", "2": "mail", timeout: "mail" } },
  ring: { module: "extension", extensions: [{ type: "forward", number: "+441632960999" }], noanswer: "mail" },
  mail: { module: "busy" },
};

describe("routeEdgeId", () => {
  it("finds the edge of a module's route by the name a call step gives it", () => {
    expect(routeEdgeId(FLOW, "start", "next")).toBe("start:next");
    expect(routeEdgeId(FLOW, "menu", "1")).toBe("menu:next.1");
    expect(routeEdgeId(FLOW, "menu", "timeout")).toBe("menu:next.timeout");
    expect(routeEdgeId(FLOW, "ring", "noanswer")).toBe("ring:noanswer");
  });

  it("is null for a route the module does not have, or a module the flow does not have", () => {
    expect(routeEdgeId(FLOW, "menu", "9")).toBeNull();
    expect(routeEdgeId(FLOW, "gone", "next")).toBeNull();
    expect(routeEdgeId(FLOW, "mail", "next")).toBeNull();
  });
});

describe("percent", () => {
  it("rounds a share and never shows 0% for a few calls among many", () => {
    expect(percent(42, 100)).toBe("42%");
    expect(percent(1, 1000)).toBe("<1%");
    expect(percent(0, 10)).toBe("0%");
    expect(percent(3, 0)).toBe("0%");
  });
});

describe("callPathOverlay", () => {
  const started = new Date("2026-12-01T09:00:00Z");
  const steps = [
    { module: "start", at: "2026-12-01T09:00:00Z", route: "next" },
    { module: "menu", at: "2026-12-01T09:00:01Z", route: "timeout" },
    { module: "gone", at: "2026-12-01T09:00:05Z", route: "next" },
    { module: "mail", at: "2026-12-01T09:00:09Z" },
  ];

  it("numbers each visited module in order with its time, and lights the routes taken", () => {
    const overlay = callPathOverlay(FLOW, steps, started, "Call 1");
    expect(overlay.modules.get("start")).toEqual({ text: "Step 1 · +0 s", heat: 0.5 });
    expect(overlay.modules.get("menu")).toEqual({ text: "Step 2 · +1 s", heat: 0.5 });
    expect(overlay.modules.get("mail")).toEqual({ text: "Step 4 · +9 s", heat: 1 });
    expect(overlay.modules.has("ring")).toBe(false);
    expect([...overlay.routes.keys()].sort()).toEqual(["menu:next.timeout", "start:next"]);
    expect(overlay.caption).toBe("Call 1");
  });

  it("lists every visit of a module visited twice", () => {
    const loop = [
      { module: "menu", at: "2026-12-01T09:00:02Z", route: "9" },
      { module: "menu", at: "2026-12-01T09:00:12Z", route: "1" },
      { module: "ring", at: "2026-12-01T09:00:20Z" },
    ];
    const overlay = callPathOverlay(FLOW, loop, started, "");
    expect(overlay.modules.get("menu")?.text).toBe("Steps 1, 2 · +2 s");
    expect([...overlay.routes.keys()]).toEqual(["menu:next.1"]);
  });
});
