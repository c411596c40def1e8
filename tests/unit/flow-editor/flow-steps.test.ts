import { describe, expect, it } from "vitest";
import { keysInRouteOrder, stepDetails, stepRoutes } from "@/components/flow-editor/flow-steps";
import { SIPUSER_VOICEMAIL } from "@/server/domain/call-flow";
import { IDS } from "../domain/call-flow-fixtures";

/** Start, a greeting, a menu whose key 1 rings then takes a message, key 2 rings, a wrong key hears busy; and one module no route reaches. */
const FLOW = {
  start: { module: "start", next: "greeting" },
  orphan: { module: "busy" },
  greeting: { module: "play", sound: IDS.sound, next: "menu" },
  menu: { module: "pressextension", sound: IDS.sound, next: { "1": "ring-sales", "2": "ring-support", invalid: "busy" } },
  "ring-sales": {
    module: "extension",
    extensions: [
      { type: "sipuser", uuid: IDS.sipUser },
      { type: "forward", number: "+441632960000" },
    ],
    duration: 20,
    noanswer: "voicemail",
  },
  voicemail: { module: "voicemail", mailboxes: [IDS.mailbox] },
  "ring-support": { module: "extension", extensions: [{ type: "huntgroup", uuid: IDS.huntGroup }], noanswer: "greeting" },
  busy: { module: "busy" },
};

const NAMES = new Map([
  [IDS.sound, "Welcome"],
  [IDS.sipUser, "Pete (201)"],
  [IDS.mailbox, "General mailbox (box 1)"],
]);
const nameOf = (id: string) => NAMES.get(id) ?? null;

describe("keysInRouteOrder", () => {
  it("lists modules as a call meets them, each branch to its end before the next, then those no call reaches", () => {
    expect(keysInRouteOrder(FLOW)).toEqual({
      reached: ["start", "greeting", "menu", "ring-sales", "voicemail", "ring-support", "busy"],
      unreached: ["orphan"],
    });
  });

  it("reaches nothing in a flow without a start, and never loops on a route back", () => {
    const { start: _start, ...withoutStart } = FLOW;
    expect(keysInRouteOrder(withoutStart).reached).toEqual([]);
    expect(keysInRouteOrder(FLOW).reached.filter((key) => key === "greeting")).toHaveLength(1);
  });
});

describe("stepDetails", () => {
  it("names resources, ring targets and settings as the forms label them", () => {
    expect(stepDetails(FLOW.greeting, nameOf)).toEqual([{ label: "Sound", value: "Welcome" }]);
    expect(stepDetails(FLOW["ring-sales"], nameOf)).toEqual([
      { label: "Ring these", value: "Pete (201), +441632960000" },
      { label: "How long the extensions ring before the call follows noanswer (seconds)", value: "20" },
    ]);
    expect(stepDetails(FLOW.voicemail, nameOf)).toEqual([{ label: "Mailboxes", value: "General mailbox (box 1)" }]);
  });

  it("says when a resource is not chosen or not known, and never shows its id", () => {
    const details = [...stepDetails({ module: "play", sound: "" }, nameOf), ...stepDetails(FLOW["ring-support"], nameOf)];
    expect(details.map((detail) => detail.value)).toEqual(["not chosen yet", "not on this account"]);
    expect(JSON.stringify(details)).not.toContain(IDS.huntGroup);
  });
});

describe("stepRoutes", () => {
  it("labels each route as its form does, with where it leads", () => {
    expect(stepRoutes(FLOW.menu, FLOW)).toEqual([
      { label: "Key 1", to: "module", key: "ring-sales" },
      { label: "Key 2", to: "module", key: "ring-support" },
      { label: "On invalid input", to: "module", key: "busy" },
    ]);
    expect(stepRoutes({ module: "play", sound: IDS.sound, next: "" }, FLOW)).toEqual([
      { label: "Then go to", to: "none", required: true },
    ]);
    expect(stepRoutes({ module: "extension", extensions: [] }, FLOW)).toEqual([
      { label: "When nobody answers, go to", to: "none", required: false },
    ]);
    expect(stepRoutes(FLOW.busy, FLOW)).toEqual([]);
  });

  it("names destinations that are not modules", () => {
    const dial = { module: "dialbyextension", ringtone: IDS.playlist, next: {}, noanswer: SIPUSER_VOICEMAIL };
    expect(stepRoutes(dial, FLOW)).toContainEqual({
      label: "When the dialled user does not answer",
      to: "special",
      text: "The dialled user's own voicemail",
    });
  });
});
