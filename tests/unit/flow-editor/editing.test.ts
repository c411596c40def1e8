import dagre from "@dagrejs/dagre";
import { describe, expect, it, vi } from "vitest";
import {
  CLIPBOARD_FORMAT,
  copiedModules,
  modulesOnClipboard,
  PASTE_OFFSET,
  pastedModules,
} from "@/components/flow-editor/clipboard-modules";
import { graphStructure, NODE_HEIGHT } from "@/components/flow-editor/graph-model";
import {
  BURST_PAUSE_MS,
  HISTORY_LIMIT,
  recorded,
  redone,
  replacedPresent,
  startTimeline,
  undone,
} from "@/components/flow-editor/history";
import { autoLayout, withEveryModulePlaced } from "@/components/flow-editor/layout-positions";
import { labelBox, placeRouteLabels } from "@/components/flow-editor/route-labels";
import { insertedOnRoute, withoutRoute } from "@/components/flow-editor/routes";
import { reuseUnchanged } from "@/components/flow-editor/stable-references";
import { changedField, type EditorState } from "@/components/flow-editor/use-flow-document";
import { sameJson } from "@/server/domain/call-flow";

const SOUND = "5a5a5a5a-1111-4222-8333-444444444444";
const PETE = "6b6b6b6b-1111-4222-8333-444444444444";

describe("the undo history", () => {
  it("undoes and redoes in order, and a new step forgets what was undone", () => {
    let timeline = startTimeline("a");
    timeline = recorded(timeline, "b");
    timeline = recorded(timeline, "c");
    timeline = undone(timeline);
    expect(timeline.present).toBe("b");
    timeline = redone(timeline);
    expect(timeline.present).toBe("c");
    timeline = undone(undone(timeline));
    expect(timeline.present).toBe("a");
    expect(undone(timeline)).toBe(timeline);
    timeline = recorded(timeline, "d");
    expect(timeline.future).toEqual([]);
    expect(redone(timeline)).toBe(timeline);
    expect(timeline.past).toEqual(["a"]);
  });

  it("keeps at least 100 steps, dropping the oldest beyond its limit", () => {
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    let timeline = startTimeline(0);
    for (let step = 1; step <= HISTORY_LIMIT + 5; step++) timeline = recorded(timeline, step);
    expect(timeline.past).toHaveLength(HISTORY_LIMIT);
    for (let step = 0; step < HISTORY_LIMIT; step++) timeline = undone(timeline);
    expect(timeline.present).toBe(5);
  });

  it("takes the same state again, or a saved present, as no step", () => {
    const state = { flow: {} };
    const timeline = recorded(startTimeline(state), state);
    expect(timeline.past).toEqual([]);
    expect(replacedPresent(recorded(timeline, { flow: { a: 1 } }), { flow: { b: 2 } }).past).toEqual([state]);
  });

  it("makes typing in one field one step, until a pause, another field, or an undo", () => {
    const typed = (field: string, at: number) => ({ field, at });
    let timeline = startTimeline("8");
    timeline = recorded(timeline, "80", typed("flow.menu.duration", 1000));
    timeline = recorded(timeline, "801", typed("flow.menu.duration", 1000 + BURST_PAUSE_MS - 1));
    expect(timeline.past).toEqual(["8"]);
    expect(timeline.present).toBe("801");
    // A pause ends the burst; so does another field.
    timeline = recorded(timeline, "8012", typed("flow.menu.duration", 1000 + 2 * BURST_PAUSE_MS));
    timeline = recorded(timeline, "8012 named", typed("name", 1000 + 2 * BURST_PAUSE_MS + 1));
    expect(timeline.past).toEqual(["8", "801", "8012"]);
    // An undo ends it too: what is typed next is a step of its own.
    timeline = undone(timeline);
    timeline = recorded(timeline, "8012!", typed("flow.menu.duration", 1000 + 2 * BURST_PAUSE_MS + 2));
    expect(timeline.past).toEqual(["8", "801", "8012"]);
    expect(undone(timeline).present).toBe("8012");
    // A change that is not to one field never joins a step.
    const moved = recorded(recorded(startTimeline("a"), "b", { field: null, at: 0 }), "c", { field: null, at: 1 });
    expect(moved.past).toEqual(["a", "b"]);
  });

  it("leaves no step for typing that ends where it started", () => {
    const start = { duration: 8 };
    let timeline = recorded(startTimeline(start), { duration: 80 }, { field: "flow.menu.duration", at: 0 }, sameJson);
    timeline = recorded(timeline, { duration: 8 }, { field: "flow.menu.duration", at: 100 }, sameJson);
    expect(timeline.past).toEqual([]);
    expect(timeline.present).toBe(start);
  });
});

describe("the field an edit changed", () => {
  const positions = { start: { x: 0, y: 0 }, menu: { x: 0, y: 100 } };
  const state: EditorState = {
    document: {
      name: "Reception",
      extension: 2000,
      flow: { start: { module: "start", next: "menu" }, menu: { module: "pressextension", duration: 8, next: { "1": "start" } } },
    },
    positions,
  };
  const withMenu = (menu: Record<string, unknown>): EditorState => ({
    ...state,
    document: { ...state.document, flow: { ...state.document.flow, menu } },
  });

  it("names a setting or a module's field", () => {
    expect(changedField(state, { ...state, document: { ...state.document, name: "Sales" } })).toBe("name");
    expect(changedField(state, withMenu({ module: "pressextension", duration: 80, next: { "1": "start" } }))).toBe(
      "flow.menu.duration",
    );
    // A form hands back the whole module, its unchanged routes as new objects.
    expect(changedField(state, withMenu({ module: "pressextension", duration: 8, next: { "1": "" } }))).toBe("flow.menu.next");
  });

  it("is none for several fields, a module added, or a move", () => {
    expect(changedField(state, withMenu({ module: "pressextension", duration: 80, next: {} }))).toBeNull();
    expect(
      changedField(state, {
        ...state,
        document: { ...state.document, flow: { ...state.document.flow, busy: { module: "busy" } } },
      }),
    ).toBeNull();
    expect(changedField(state, { ...state, positions: { ...positions, menu: { x: 10, y: 100 } } })).toBeNull();
  });
});

describe("drawing only what changed", () => {
  it("keeps each unchanged item, and the whole list when nothing changed", () => {
    const before = [
      { id: "a", position: { x: 0, y: 0 }, data: { title: "Start" } },
      { id: "b", position: { x: 0, y: 90 }, data: { title: "Play sound 1" } },
    ];
    const same = before.map((node) => structuredClone(node));
    expect(reuseUnchanged(before, same)).toBe(before);
    const moved = [structuredClone(before[0]!), { ...before[1]!, position: { x: 40, y: 90 } }];
    const after = reuseUnchanged(before, moved);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(moved[1]);
    expect(reuseUnchanged(before, [structuredClone(before[0]!)])).toEqual([before[0]]);
  });

  it("compares as JSON, where a field holding undefined is no field", () => {
    expect(sameJson({ sound: undefined, next: "a" }, { next: "a" })).toBe(true);
    expect(sameJson({ sound: "x", next: "a" }, { next: "a" })).toBe(false);
  });
});

describe("the graph's routes", () => {
  it("draws each route from its own handle, menu keys included", () => {
    const { edges, emptyRoutes } = graphStructure({
      start: { module: "start", next: "menu" },
      menu: { module: "pressextension", next: { "1": "busy", "2": "busy", invalid: "", timeout: "busy" } },
      busy: { module: "busy" },
    });
    expect(edges.map((edge) => [edge.source, edge.sourceHandle, edge.target])).toEqual([
      ["start", "next", "menu"],
      ["menu", "next.1", "busy"],
      ["menu", "next.2", "busy"],
      ["menu", "next.timeout", "busy"],
    ]);
    expect(emptyRoutes.map((route) => [route.sourceHandle, route.label])).toEqual([["next.invalid", "invalid"]]);
  });

  it("clears a required route to be chosen again and drops an optional one", () => {
    expect(withoutRoute({ module: "play", sound: SOUND, next: "b" }, ["next"])).toEqual({
      module: "play",
      sound: SOUND,
      next: "",
    });
    expect(withoutRoute({ module: "extension", extensions: [], noanswer: "b" }, ["noanswer"])).toEqual({
      module: "extension",
      extensions: [],
    });
    expect(withoutRoute({ module: "pressextension", next: { "1": "b" } }, ["next", "1"])).toEqual({
      module: "pressextension",
      next: { "1": "" },
    });
  });
});

describe("module positions", () => {
  const flow = {
    start: { module: "start", next: "play" },
    play: { module: "play", sound: SOUND, next: "busy" },
    busy: { module: "busy" },
  };

  it("lays out a flow drawn nowhere yet, top to bottom", () => {
    const positions = withEveryModulePlaced(flow, {});
    expect(Object.keys(positions).sort()).toEqual(["busy", "play", "start"]);
    expect(positions.start!.y).toBeLessThan(positions.play!.y);
    expect(positions.play!.y).toBeLessThan(positions.busy!.y);
  });

  it("lays out the same modules and routes once, whatever their other fields", () => {
    const layouts = vi.spyOn(dagre, "layout");
    try {
      const menu = {
        start: { module: "start", next: "menu" },
        menu: { module: "pressextension", duration: 8, next: { "1": "busy" } },
        busy: { module: "busy" },
      };
      const first = autoLayout(menu);
      expect(autoLayout({ ...menu, menu: { ...menu.menu, duration: 9 } })).toEqual(first);
      expect(layouts).toHaveBeenCalledTimes(1);
      autoLayout({ ...menu, menu: { ...menu.menu, next: { "1": "busy", "2": "busy" } } });
      expect(layouts).toHaveBeenCalledTimes(2);
    } finally {
      layouts.mockRestore();
    }
  });

  it("keeps saved positions, places a new module under the one routing to it, and forgets removed ones", () => {
    const saved = { start: { x: 500, y: 0 }, play: { x: 500, y: 200 }, gone: { x: 1, y: 1 } };
    const positions = withEveryModulePlaced(flow, saved);
    expect(positions.start).toEqual({ x: 500, y: 0 });
    expect(positions.play).toEqual({ x: 500, y: 200 });
    expect(positions.busy!.x).toBe(500);
    expect(positions.busy!.y).toBeGreaterThan(200);
    expect(positions).not.toHaveProperty("gone");
    const complete = { start: { x: 0, y: 0 }, play: { x: 0, y: 1 }, busy: { x: 0, y: 2 } };
    expect(withEveryModulePlaced(flow, complete)).toBe(complete);
  });
});

describe("copy and paste of modules", () => {
  const flow = {
    start: { module: "start", next: "menu" },
    menu: { module: "pressextension", sound: SOUND, next: { "1": "ring", "2": "outside", invalid: "ring", timeout: "outside" } },
    ring: { module: "extension", extensions: [{ type: "sipuser", uuid: PETE }], announcement: SOUND, noanswer: "outside" },
    outside: { module: "busy" },
  };
  const positions = { menu: { x: 100, y: 100 }, ring: { x: 100, y: 250 } };

  function fresh() {
    let next = 0;
    return () => `new-${++next}`;
  }

  it("puts the selected modules, their positions and the account on the clipboard as JSON", () => {
    const copied = copiedModules(flow, ["menu", "ring", "nothing"], positions, "acct-1");
    expect(copied).toEqual({
      format: CLIPBOARD_FORMAT,
      accountId: "acct-1",
      modules: { menu: flow.menu, ring: flow.ring },
      positions,
    });
    expect(modulesOnClipboard(JSON.stringify(copied))).toEqual(copied);
    expect(copiedModules(flow, ["nothing"], positions, "acct-1")).toBeNull();
  });

  it("reads only its own format from the clipboard", () => {
    expect(modulesOnClipboard("hello")).toBeNull();
    expect(modulesOnClipboard(JSON.stringify({ format: "other", accountId: "a", modules: {} }))).toBeNull();
    expect(modulesOnClipboard(JSON.stringify({ format: CLIPBOARD_FORMAT, accountId: "a", modules: [] }))).toBeNull();
  });

  it("gives pasted modules fresh keys, keeps routes inside the selection and clears those leaving it", () => {
    const copied = copiedModules(flow, ["menu", "ring"], positions, "acct-1")!;
    const pasted = pastedModules(copied, "acct-1", fresh());
    expect(pasted.modules).toEqual({
      "new-1": { module: "pressextension", sound: SOUND, next: { "1": "new-2", "2": "", invalid: "new-2", timeout: "" } },
      "new-2": { module: "extension", extensions: [{ type: "sipuser", uuid: PETE }], announcement: SOUND },
    });
    expect(pasted.positions).toEqual({
      "new-1": { x: 100 + PASTE_OFFSET, y: 100 + PASTE_OFFSET },
      "new-2": { x: 100 + PASTE_OFFSET, y: 250 + PASTE_OFFSET },
    });
    expect(pasted.resourcesCleared).toBe(false);
    expect(copied.modules.menu).toBe(flow.menu);
    expect(flow.menu.next["1"]).toBe("ring");
  });

  it("leaves out resources when pasted into another account, and never pastes a second Start", () => {
    const copied = copiedModules(flow, ["start", "menu", "ring"], positions, "acct-1")!;
    const pasted = pastedModules(copied, "acct-2", fresh());
    expect(pasted.skippedStart).toBe(true);
    expect(pasted.resourcesCleared).toBe(true);
    expect(Object.values(pasted.modules)).toEqual([
      { module: "pressextension", next: { "1": "new-2", "2": "", invalid: "new-2", timeout: "" } },
      { module: "extension", extensions: [{ type: "sipuser", uuid: "" }] },
    ]);
  });
});

describe("a module put on a route", () => {
  const flow = {
    start: { module: "start", next: "menu" },
    menu: { module: "pressextension", next: { "1": "busy" } },
    busy: { module: "busy" },
    added: { module: "play", sound: "", next: "" },
  };

  it("goes in between: the route leads to it and it goes on to where the route led", () => {
    const { flow: inserted, continuedBy } = insertedOnRoute(flow, "start", ["next"], "added");
    expect(inserted.start).toEqual({ module: "start", next: "added" });
    expect(inserted.added).toEqual({ module: "play", sound: "", next: "menu" });
    expect(continuedBy).toEqual(["next"]);
  });

  it("takes a menu key's place too, and leads nowhere after an empty route or with no route of its own", () => {
    const onKey = insertedOnRoute(flow, "menu", ["next", "1"], "added");
    expect(onKey.flow.menu).toEqual({ module: "pressextension", next: { "1": "added" } });
    expect(onKey.flow.added).toMatchObject({ next: "busy" });
    const empty = insertedOnRoute({ ...flow, start: { module: "start", next: "" } }, "start", ["next"], "added");
    expect(empty.flow.added).toEqual(flow.added);
    expect(empty.continuedBy).toBeNull();
    const ending = insertedOnRoute({ ...flow, added: { module: "busy" } }, "start", ["next"], "added");
    expect(ending.flow.added).toEqual({ module: "busy" });
    expect(ending.continuedBy).toBeNull();
  });

  it("is drawn under the route's module, what was below moving down a row to make room", () => {
    const saved = { start: { x: 0, y: 0 }, menu: { x: 0, y: 200 }, busy: { x: 0, y: 400 } };
    const placed = withEveryModulePlaced(insertedOnRoute(flow, "start", ["next"], "added").flow, saved);
    expect(placed.start).toEqual({ x: 0, y: 0 });
    expect(placed.added!.x).toBe(0);
    expect(placed.added!.y).toBeGreaterThan(0);
    expect(placed.added!.y).toBeLessThan(placed.menu!.y);
    expect(placed.menu!.y).toBeGreaterThan(200);
    expect(placed.busy!.y - placed.menu!.y).toBe(200);
  });

  it("beside its module, not far off, when the place under it is taken", () => {
    const two = {
      ...flow,
      start: { module: "start", next: "menu" },
      menu: { module: "pressextension", next: { "1": "busy", "2": "added" } },
    };
    const saved = { start: { x: 0, y: 0 }, menu: { x: 0, y: 150 }, busy: { x: 0, y: 300 } };
    const placed = withEveryModulePlaced(two, saved);
    // Its row is the one under the menu, where Busy is too: beside Busy, one column over.
    expect(placed.added!.y).toBe(150 + NODE_HEIGHT + 70);
    expect(Math.abs(placed.added!.x)).toBe(260);
  });
});

describe("route labels", () => {
  const box = (label: { text: string; at: { x: number; y: number } }) => labelBox(label.text, label.at);
  const overlaps = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it("share one label per module and target, and never overlap however crowded", () => {
    const routes = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "invalid", "timeout"].map((label, index) => ({
      id: `menu:${label}`,
      source: "menu",
      // Every key to its own module, all in one row close under the menu.
      target: `to-${index}`,
      label,
      from: { x: 20 + index * 17, y: 80 },
      to: { x: 20 + index * 17, y: 150 },
    }));
    const shared = routes.map((route, index) => ({
      ...route,
      id: `${route.id}:again`,
      target: index % 2 ? "odd" : "even",
      to: { x: 100, y: 150 },
    }));
    for (const set of [routes, shared]) {
      const placed = [...placeRouteLabels(set, [{ x: 0, y: 0, width: 220, height: 72 }]).values()];
      const boxes = placed.map(box);
      for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    const grouped = [...placeRouteLabels(shared, []).values()].map((label) => label.text).sort();
    expect(grouped).toEqual(["0 · 2 · 4 · 6 · 8 · invalid", "1 · 3 · 5 · 7 · 9 · timeout"]);
  });
});
