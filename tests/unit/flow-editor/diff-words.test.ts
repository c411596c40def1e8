import { describe, expect, it } from "vitest";
import { nameFieldChanges, nameFlowDiff } from "@/components/flow-editor/diff-words";
import { IDS } from "../domain/call-flow-fixtures";

/** Module keys as the portal makes them: a change view must never show one. */
const K = {
  start: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e01",
  greeting: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e02",
  menu: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e03",
  ring: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e04",
  busy: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e05",
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DELETED_SOUND = "9d9d9d9d-1111-4222-8333-444444444444";

const NAMES = new Map([
  [IDS.sound, "Greeting"],
  [IDS.whisper, "Welcome"],
  [IDS.sipUser, "Pete (201)"],
]);

const greeting = { module: "play", sound: IDS.sound, next: K.menu };
const menu = { module: "pressextension", sound: IDS.whisper, next: { "1": K.greeting, invalid: K.busy, timeout: K.busy } };
const live = {
  name: "Main line",
  extension: 700,
  flow: {
    [K.start]: { module: "start", next: K.greeting },
    [K.greeting]: greeting,
    [K.menu]: menu,
    [K.busy]: { module: "busy" },
  } as Record<string, Record<string, unknown>>,
};

describe("nameFlowDiff", () => {
  it("names modules by their labels, fields by their form labels and routes by the module they lead to", () => {
    const draft = {
      ...live,
      name: "Main line (new)",
      flow: {
        ...live.flow,
        [K.menu]: { ...menu, next: { ...menu.next, "1": K.ring } },
        [K.ring]: { module: "extension", extensions: [{ type: "sipuser", uuid: IDS.sipUser }], noanswer: K.busy },
      },
    };
    expect(nameFlowDiff(live, draft, NAMES)).toEqual({
      settings: [{ field: "Name", before: "Main line", after: "Main line (new)" }],
      added: [{ key: K.ring, title: "Ring: Pete (201)" }],
      removed: [],
      changed: [
        {
          key: K.menu,
          title: "IVR menu: Welcome",
          fields: [{ field: "Key 1", before: "Play sound: Greeting", after: "Ring: Pete (201)" }],
        },
      ],
    });
  });

  it("names a removed module as it was, and a route to it by its old label", () => {
    const { [K.greeting]: _removed, ...rest } = live.flow;
    const draft = { ...live, flow: { ...rest, [K.start]: { module: "start", next: K.menu } } };
    const named = nameFlowDiff(live, draft, NAMES);
    expect(named.removed).toEqual([{ key: K.greeting, title: "Play sound: Greeting" }]);
    expect(named.changed).toEqual([
      {
        key: K.start,
        title: "Start",
        fields: [{ field: "Then go to", before: "Play sound: Greeting", after: "IVR menu: Welcome" }],
      },
    ]);
  });

  it("names resources by their names, and one the account no longer has as deleted, never by uuid", () => {
    const draft = {
      ...live,
      flow: { ...live.flow, [K.greeting]: { ...greeting, sound: IDS.whisper } },
    };
    const edited = nameFlowDiff(live, draft, NAMES);
    expect(edited.changed).toEqual([
      { key: K.greeting, title: "Play sound: Welcome", fields: [{ field: "Sound", before: "Greeting", after: "Welcome" }] },
    ]);

    const gone = nameFlowDiff(
      live,
      { ...live, flow: { ...live.flow, [K.greeting]: { ...greeting, sound: DELETED_SOUND } } },
      NAMES,
    );
    expect(gone.changed[0]?.fields).toEqual([{ field: "Sound", before: "Greeting", after: "(deleted sound)" }]);
    expect(JSON.stringify(gone)).not.toMatch(new RegExp(`"(before|after|title|field)":"[^"]*${UUID.source}`, "i"));
  });

  it("names each side's route by that side's label of the module it led to", () => {
    const draft = {
      ...live,
      flow: { ...live.flow, [K.start]: { module: "start", next: K.busy }, [K.greeting]: { ...greeting, sound: IDS.whisper } },
    };
    expect(nameFlowDiff(live, draft, NAMES).changed[0]).toEqual({
      key: K.start,
      title: "Start",
      fields: [{ field: "Then go to", before: "Play sound: Greeting", after: "Busy tone 1" }],
    });
  });

  it("reads a change of module type, lists of targets and switches in words", () => {
    const before = { ...live, show_call_route_name: false, flow: { ...live.flow, [K.busy]: { module: "busy" } } };
    const after = {
      ...live,
      show_call_route_name: true,
      flow: { ...live.flow, [K.busy]: { module: "extension", extensions: [{ type: "forward", number: "+441632960001" }] } },
    };
    const named = nameFlowDiff(before, after, NAMES);
    expect(named.settings).toEqual([{ field: "Add the flow's name to the forwarded caller ID", before: "no", after: "yes" }]);
    expect(named.changed[0]?.fields).toEqual([
      { field: "Type", before: "Busy tone", after: "Ring" },
      { field: "Ring these", before: "(none)", after: "+441632960001" },
    ]);
  });

  it("shows no UUID anywhere in a flow created from nothing", () => {
    const named = nameFlowDiff({ flow: {} }, live, new Map());
    expect(named.added.map((module) => module.title)).toEqual(["Start", "Play sound 1", "IVR menu 1", "Busy tone 1"]);
    for (const text of [...named.settings, ...named.changed.flatMap((change) => change.fields)].flatMap((change) => [
      change.field,
      change.before,
      change.after,
    ])) {
      expect(text).not.toMatch(UUID);
    }
  });
});

describe("nameFieldChanges", () => {
  const FLOW = "7c7c7c7c-1111-4222-8333-444444444444";
  const GONE = "8d8d8d8d-1111-4222-8333-444444444444";

  it("labels stored fields, names objects by uuid and a deleted one by its field, and leaves the object's own id out", () => {
    const changes = nameFieldChanges(
      { id: "x", number: "+441632960002", callFlowId: FLOW, closedCallFlowId: null },
      { id: "x", number: "+441632960002", callFlowId: GONE, closedCallFlowId: FLOW },
      new Map([[FLOW, "Main line (700)"]]),
    );
    expect(changes).toEqual([
      { field: "Call flow", before: "Main line (700)", after: "(deleted call flow)" },
      { field: "Closed call flow", before: "(none)", after: "Main line (700)" },
    ]);
  });
});
