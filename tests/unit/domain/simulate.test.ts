import { RE2JS } from "re2js";
import { describe, expect, it, vi } from "vitest";
import {
  listEndings,
  MAX_SIMULATION_STEPS,
  simulateCall,
  type ScenarioChoice,
  type SimulationResources,
} from "@/server/domain/call-flow/simulate";
import type { TFlowMap } from "@/server/domain/call-flow";
import { REFERENCE_REQUEST_BODY } from "./call-flow-fixtures";

const PETE = "92b0aca6-12aa-480c-a7b7-a31df403418c";
const ANNA = "a1111111-1111-4111-8111-111111111111";
const SUPPORT = "b2222222-2222-4222-8222-222222222222";
const WELCOME = "c3333333-3333-4333-8333-333333333333";
const HOLD = "d4444444-4444-4444-8444-444444444444";
const MAILBOX = "e5555555-5555-4555-8555-555555555555";
const TRUNK = "f6666666-6666-4666-8666-666666666666";

const resources: SimulationResources = {
  sipUsers: new Map([
    [PETE, { name: "Pete", extension: 201, hasMailbox: true }],
    [ANNA, { name: "Anna", extension: 202, hasMailbox: false }],
  ]),
  huntGroups: new Map([[SUPPORT, { name: "Support", extension: 300 }]]),
  sounds: new Map([[WELCOME, { name: "Welcome greeting" }]]),
  playlists: new Map([[HOLD, { name: "Hold music" }]]),
  mailboxes: new Map([[MAILBOX, { name: "Office mailbox", boxNumber: 1 }]]),
  trunks: new Map([[TRUNK, { name: "PBX trunk" }]]),
};

const reference = REFERENCE_REQUEST_BODY.flow as unknown as TFlowMap;
const IVR = "9085aa47-0ff0-4fd0-9c80-6077e1f475c2";

function run(flow: TFlowMap, choices: ScenarioChoice[], callerId = "441234567890") {
  return simulateCall(flow, resources, { callerId, choices });
}

describe("the reference example", () => {
  for (const key of ["1", "2"]) {
    it(`key ${key} rings Pete, who answers`, () => {
      const result = run(reference, [{ press: key }, { ring: "answered" }]);
      expect(result.ending).toEqual({ kind: "answered", description: "Answered by Pete (ext 201)." });
      expect(result.steps.map((step) => step.module)).toEqual(["start", "pressextension", "extension"]);
      expect(result.steps[2]!.rings).toEqual({ targets: ["Pete (ext 201)"], seconds: 30 });
      expect(result.totalSeconds).toBe(0);
    });
  }

  it("a key the menu does not offer takes the invalid route", () => {
    const result = run(reference, [{ press: "7" }, { ring: "answered" }]);
    expect(result.steps[1]!.description).toBe("The caller presses 7, which the menu does not offer.");
    expect(result.ending?.kind).toBe("answered");
  });

  it("a timeout waits the menu's default 10 s, then an unanswered ring adds 30 s and hangs up", () => {
    const result = run(reference, ["timeout", { ring: "noanswer" }]);
    expect(result.totalSeconds).toBe(40);
    expect(result.ending).toEqual({
      kind: "hangup",
      description: "Nobody answered and the module has no no-answer route: the call hangs up.",
    });
  });

  it("stops at the menu when the scenario has no decision yet, offering the menu's keys", () => {
    const result = run(reference, []);
    expect(result.ending).toBeNull();
    expect(result.pending).toEqual({ kind: "prompt", moduleKey: IVR, keys: ["1", "2"], dialable: [] });
  });

  it("lists every ending: answered by Pete, or nobody answers", () => {
    const report = listEndings(reference, resources);
    expect(report.endings.map((e) => e.ending.kind).sort()).toEqual(["answered", "hangup"]);
    expect(report.unreachable).toEqual([]);
    expect(report.truncated).toBe(false);
    for (const route of report.endings) {
      expect(simulateCall(reference, resources, route.scenario).ending).toEqual(route.ending);
    }
  });
});

describe("caller-ID matching with the reference's example patterns", () => {
  const flow = {
    s: { module: "start", next: "m" },
    m: {
      module: "calleridmatch",
      patterns: ["^44800", "9000$", "1483", "anonymous", "unavailable"],
      match: "vip",
      nomatch: "busy",
    },
    vip: { module: "Trunk", uuid: TRUNK },
    busy: { module: "busy" },
  } as unknown as TFlowMap;

  const cases: [string, boolean][] = [
    ["4480012345", true],
    ["0044800123", false],
    ["1239000", true],
    ["9000123", false],
    ["0114831234", true],
    ["anonymous", true],
    ["unavailable", true],
    ["441632960001", false],
  ];
  for (const [callerId, matches] of cases) {
    it(`${callerId} ${matches ? "matches" : "does not match"}`, () => {
      const result = run(flow, [], callerId);
      expect(result.ending?.kind).toBe(matches ? "trunk" : "busy");
      expect(result.steps[1]!.choice).toBe(matches ? "match" : "nomatch");
    });
  }

  // How fast that is on a pathological caller ID: `npm run bench:caller-id`.
  it("matches caller IDs on re2js, the linear-time engine, even a pathological one", () => {
    const callerId = "4".repeat(10_000);
    const re2 = vi.spyOn(RE2JS.prototype, "test");
    try {
      expect(run(flow, [], callerId).steps[1]!.choice).toBe("nomatch");
      // Each of the five patterns was tried on it, and none matched.
      expect(re2.mock.calls.map(([input]) => input === callerId)).toEqual([true, true, true, true, true]);
    } finally {
      re2.mockRestore();
    }
  });

  it("lists both endings", () => {
    const kinds = listEndings(flow, resources)
      .endings.map((e) => e.ending.kind)
      .sort();
    expect(kinds).toEqual(["busy", "trunk"]);
  });
});

describe("an IVR that loops back to itself on invalid input", () => {
  const flow = {
    s: { module: "start", next: "menu" },
    menu: { module: "pressextension", sound: WELCOME, next: { "1": "sales", invalid: "menu", timeout: "vm" } },
    sales: { module: "extension", extensions: [{ type: "sipuser", uuid: ANNA }], noanswer: "vm", duration: 20 },
    vm: { module: "voicemail", mailboxes: [MAILBOX] },
  } as unknown as TFlowMap;

  it("replays the menu for each wrong key, then follows the right one", () => {
    const result = run(flow, [{ press: "5" }, { press: "#" }, { press: "1" }, { ring: "noanswer" }]);
    expect(result.steps.filter((step) => step.moduleKey === "menu")).toHaveLength(3);
    expect(result.steps[1]!.hears).toEqual(["Welcome greeting"]);
    expect(result.ending).toEqual({ kind: "voicemail", description: "Voicemail: a message is left in Office mailbox." });
    expect(result.totalSeconds).toBe(20);
  });

  it("cuts a call that never stops going round, with a clear message", () => {
    const result = run(
      flow,
      Array.from({ length: 1000 }, () => ({ press: "9" })),
    );
    expect(result.steps).toHaveLength(MAX_SIMULATION_STEPS);
    expect(result.ending?.kind).toBe("cut");
    expect(result.ending?.description).toMatch(/cut after 200 steps/);
  });

  it("lists its endings without looping forever", () => {
    const report = listEndings(flow, resources);
    expect(report.endings.map((e) => e.ending.description).sort()).toEqual([
      "Answered by Anna (ext 202).",
      "Voicemail: a message is left in Office mailbox.",
    ]);
    expect(report.truncated).toBe(false);
  });
});

describe("every ending of a flow with each module type", () => {
  const flow = {
    start: { module: "start", next: "rec" },
    rec: { module: "recording", next: "moh" },
    moh: { module: "musiconhold", class: HOLD, next: "who" },
    who: { module: "calleridmatch", patterns: ["^44800"], match: "hello", nomatch: "menu" },
    hello: { module: "play", sound: WELCOME, next: "team" },
    team: {
      module: "extension",
      extensions: [
        { type: "huntgroup", uuid: SUPPORT },
        { type: "forward", number: "+441632960999" },
      ],
      ringtone: HOLD,
      noanswer: "busy",
    },
    menu: { module: "pressextension", next: { "1": "dial", "2": "conf", "3": "trunk", "4": "vm", timeout: "busy" } },
    dial: {
      module: "dialbyextension",
      ringtone: HOLD,
      noanswer: "sipuser_voicemail",
      next: { invalid: "menu", timeout: "busy" },
    },
    conf: { module: "conference", pin: "1234", music: HOLD },
    trunk: { module: "Trunk", uuid: TRUNK },
    vm: { module: "voicemail", mailboxes: [MAILBOX] },
    busy: { module: "busy", duration: 5 },
    orphan: { module: "busy" },
  } as unknown as TFlowMap;

  it("names each distinct ending once, with a scenario that reproduces it", () => {
    const report = listEndings(flow, resources);
    const descriptions = report.endings.map((e) => e.ending.description).sort();
    expect(descriptions).toEqual(
      [
        "Answered by Anna (ext 202).",
        "Answered by Pete (ext 201).",
        "Answered by one of Support (ext 300), +441632960999.",
        "Anna has no personal mailbox: the call hangs up.",
        "Busy tone for 5 s, then the call hangs up.",
        "Joins the conference bridge (PIN required).",
        "Sent to trunk PBX trunk.",
        "Voicemail: a message is left in Office mailbox.",
        "Voicemail: a message is left in Pete's personal mailbox.",
        "0 is not on the menu and the menu has no invalid-input route: the call hangs up.",
      ].sort(),
    );
    expect(report.unreachable).toEqual(["orphan"]);
    for (const route of report.endings) {
      expect(simulateCall(flow, resources, route.scenario).ending).toEqual(route.ending);
      expect(route.via.length).toBeGreaterThan(0);
    }
  });

  it("a fax flow ends as a fax", () => {
    const fax = { s: { module: "start", next: "f" }, f: { module: "fax" } } as unknown as TFlowMap;
    expect(listEndings(fax, resources).endings.map((e) => e.ending)).toEqual([
      { kind: "fax", description: "Received as a fax." },
    ]);
  });
});

describe("sound lengths count in the call's time", () => {
  const GREETING = "a7777777-7777-4777-8777-777777777777";
  const MENU = "b8888888-8888-4888-8888-888888888888";
  const RING = "c9999999-9999-4999-8999-999999999999";
  const timed: SimulationResources = {
    ...resources,
    sounds: new Map([
      [GREETING, { name: "Greeting", durationMs: 4200 }],
      [MENU, { name: "Menu prompt", durationMs: 6350 }],
      [RING, { name: "Ringback", durationMs: 3000 }],
      [WELCOME, { name: "Welcome greeting", durationMs: null }],
    ]),
  };
  const flow = {
    s: { module: "start", next: "hello" },
    hello: { module: "play", sound: GREETING, next: "untimed" },
    untimed: { module: "play", sound: WELCOME, next: "menu" },
    menu: { module: "pressextension", sound: MENU, duration: 5, next: { "1": "sales", timeout: "sales" } },
    sales: { module: "extension", extensions: [{ type: "sipuser", uuid: ANNA }], ringtone: RING, duration: 20 },
  } as unknown as TFlowMap;
  const call = (choices: ScenarioChoice[]) => simulateCall(flow, timed, { callerId: "", choices });

  it("a played sound takes its length; one without audio takes none", () => {
    const result = call([{ press: "1" }, { ring: "answered" }]);
    expect(result.steps.map((step) => step.seconds)).toEqual([0, 4.2, 0, 6.35, 0]);
    expect(result.totalSeconds).toBe(10.55);
  });

  it("a menu that times out waits after its prompt has played", () => {
    const result = call(["timeout", { ring: "noanswer" }]);
    expect(result.steps[3]!.seconds).toBe(11.35);
    expect(result.totalSeconds).toBe(4.2 + 11.35 + 20);
  });

  it("lists the sounds the caller hears, in order, with their lengths, ringtones included", () => {
    const result = call([{ press: "1" }, { ring: "noanswer" }]);
    expect(result.steps.flatMap((step) => step.sounds)).toEqual([
      { uuid: GREETING, name: "Greeting", durationMs: 4200 },
      { uuid: WELCOME, name: "Welcome greeting", durationMs: null },
      { uuid: MENU, name: "Menu prompt", durationMs: 6350 },
      { uuid: RING, name: "Ringback", durationMs: 3000 },
    ]);
  });
});
