import { describe, expect, it } from "vitest";
import { diffCallFlows } from "@/server/domain/call-flow";

const SIP_PETE = "92b0aca6-12aa-480c-a7b7-a31df403418c";
const SIP_ANN = "4a1e6c1e-54c4-4b53-9d3e-0e0fd4b8c0a1";

type Document = Record<string, unknown> & { flow: Record<string, Record<string, unknown>> };

function callPete(): Document {
  return {
    name: "Call Pete",
    extension: 501,
    show_call_route_name: true,
    show_original_caller_id: false,
    flow: {
      start: { module: "start", next: "menu" },
      menu: { module: "pressextension", next: { "1": "ring", invalid: "ring", timeout: "ring" } },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: SIP_PETE }] },
    },
  };
}

describe("diffCallFlows", () => {
  it("finds nothing between a flow and itself, or a copy with its keys in another order", () => {
    const flow = callPete();
    const reordered = {
      flow: Object.fromEntries(
        Object.entries(flow.flow)
          .reverse()
          .map(([k, m]) => [k, Object.fromEntries(Object.entries(m).reverse())]),
      ),
      show_original_caller_id: false,
      show_call_route_name: true,
      extension: 501,
      name: "Call Pete",
    };
    const nothing = { settings: [], added: [], removed: [], changed: [] };
    expect(diffCallFlows(flow, flow)).toEqual(nothing);
    expect(diffCallFlows(flow, reordered)).toEqual(nothing);
  });

  const cases: { title: string; change: (flow: Document) => void; expected: object }[] = [
    {
      title: "a renamed flow with a new extension",
      change: (f) => Object.assign(f, { name: "Call Ann", extension: 502 }),
      expected: {
        settings: [
          { path: "name", before: "Call Pete", after: "Call Ann" },
          { path: "extension", before: 501, after: 502 },
        ],
      },
    },
    {
      title: "an option switched off and one dropped",
      change: (f) => {
        f.show_call_route_name = false;
        delete f.show_original_caller_id;
      },
      expected: {
        settings: [
          { path: "show_call_route_name", before: true, after: false },
          { path: "show_original_caller_id", before: false },
        ],
      },
    },
    {
      title: "an added module",
      change: (f) => (f.flow.busy = { module: "busy", duration: 5 }),
      expected: { added: [{ key: "busy", type: "busy", module: { module: "busy", duration: 5 } }] },
    },
    {
      title: "a removed module",
      change: (f) => delete f.flow.ring,
      expected: {
        removed: [
          { key: "ring", type: "extension", module: { module: "extension", extensions: [{ type: "sipuser", uuid: SIP_PETE }] } },
        ],
      },
    },
    {
      title: "a changed menu branch, an added branch and a removed one, by their paths",
      change: (f) => (f.flow.menu!.next = { "1": "start", "2": "ring", timeout: "ring" }),
      expected: {
        changed: [
          {
            key: "menu",
            type: "pressextension",
            fields: [
              { path: "next.1", before: "ring", after: "start" },
              { path: "next.invalid", before: "ring" },
              { path: "next.2", after: "ring" },
            ],
          },
        ],
      },
    },
    {
      title: "a list compared whole, and an optional field added",
      change: (f) => {
        f.flow.ring!.extensions = [
          { type: "sipuser", uuid: SIP_PETE },
          { type: "sipuser", uuid: SIP_ANN },
        ];
        f.flow.ring!.duration = 20;
      },
      expected: {
        changed: [
          {
            key: "ring",
            type: "extension",
            fields: [
              {
                path: "extensions",
                before: [{ type: "sipuser", uuid: SIP_PETE }],
                after: [
                  { type: "sipuser", uuid: SIP_PETE },
                  { type: "sipuser", uuid: SIP_ANN },
                ],
              },
              { path: "duration", after: 20 },
            ],
          },
        ],
      },
    },
    {
      title: "a module that changed type under the same key",
      change: (f) => (f.flow.ring = { module: "busy" }),
      expected: {
        changed: [
          {
            key: "ring",
            type: "busy",
            fields: [
              { path: "module", before: "extension", after: "busy" },
              { path: "extensions", before: [{ type: "sipuser", uuid: SIP_PETE }] },
            ],
          },
        ],
      },
    },
    {
      title: "a module that is no longer an object is changed as a whole",
      change: (f) => ((f.flow as Record<string, unknown>).ring = "ring"),
      expected: {
        changed: [
          {
            key: "ring",
            type: "",
            fields: [
              { path: "", before: { module: "extension", extensions: [{ type: "sipuser", uuid: SIP_PETE }] }, after: "ring" },
            ],
          },
        ],
      },
    },
  ];

  for (const { title, change, expected } of cases) {
    it(title, () => {
      const after = callPete();
      change(after);
      expect(diffCallFlows(callPete(), after)).toEqual({ settings: [], added: [], removed: [], changed: [], ...expected });
    });
  }

  it("reads a list's reordering as a change, since order is meaningful in lists", () => {
    const before = callPete();
    before.flow.ring!.extensions = [
      { type: "sipuser", uuid: SIP_PETE },
      { type: "sipuser", uuid: SIP_ANN },
    ];
    const after = callPete();
    after.flow.ring!.extensions = [
      { type: "sipuser", uuid: SIP_ANN },
      { type: "sipuser", uuid: SIP_PETE },
    ];
    expect(diffCallFlows(before, after).changed.map((c) => c.fields.map((f) => f.path))).toEqual([["extensions"]]);
  });

  it("treats a missing or malformed flow map as having no modules", () => {
    const flow = callPete();
    const diff = diffCallFlows({ ...flow, flow: "broken" }, flow);
    expect(diff.added.map((m) => m.key)).toEqual(["start", "menu", "ring"]);
    expect(diff.removed).toEqual([]);
  });

  it("never changes its inputs", () => {
    const before = callPete();
    const after = callPete();
    after.flow.menu!.duration = 5;
    const frozen = JSON.stringify([before, after]);
    diffCallFlows(before, after);
    expect(JSON.stringify([before, after])).toBe(frozen);
  });
});
