import { describe, expect, it } from "vitest";
import { MODULE_FIELD_TEXTS, SETTINGS_FIELD_TEXTS } from "@/components/flow-editor/field-labels";
import { moduleNames, PEOPLE_MESSAGES, peopleIssue } from "@/components/flow-editor/issue-messages";
import {
  diagnoseCallFlow,
  FLOW_ISSUE_CODES,
  MODULE_SCHEMAS,
  MODULE_TYPES,
  ZCallFlowSettings,
  type FlowIssueCode,
  type ValidationContext,
} from "@/server/domain/call-flow";
import { FULL_ACCOUNT, IDS } from "../domain/call-flow-fixtures";

/** Module keys as the portal makes them: the messages must never show one. */
const K = {
  start: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e01",
  play: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e02",
  play2: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e03",
  busy: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e04",
  match: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e05",
  menu: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e06",
  ring: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e07",
  fax: "0b6f3f1e-7d7a-4c1e-9a55-5f0c2b8d1e08",
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const MISSING_SOUND = "9d9d9d9d-1111-4222-8333-444444444444";

const settings = { name: "Reception", extension: 700 };
const flowOf = (flow: Record<string, Record<string, unknown>>) => ({ ...settings, flow });
const startToBusy = { [K.start]: { module: "start", next: K.busy }, [K.busy]: { module: "busy" } };

/** A document (and limits) that breaks each rule; together they must produce every code. */
const BROKEN: { name: string; document: unknown; limits?: ValidationContext["limits"] }[] = [
  { name: "not an object", document: [] },
  { name: "settings", document: { name: " ", extension: 5, color: "red", flow: startToBusy } },
  { name: "no flow", document: settings },
  { name: "flow not an object", document: { ...settings, flow: [] } },
  { name: "too many modules", document: flowOf(startToBusy), limits: { maxModules: 1 } },
  {
    name: "too many patterns",
    document: flowOf({
      ...startToBusy,
      [K.match]: { module: "calleridmatch", patterns: ["1", "2"], match: K.busy, nomatch: K.busy },
    }),
    limits: { maxCallerIdPatterns: 1 },
  },
  { name: "not plain JSON", document: flowOf({ ...startToBusy, [K.play]: { module: "play", sound: IDS.sound, next: 1n } }) },
  { name: "too large", document: flowOf(startToBusy), limits: { maxFlowJsonBytes: 10 } },
  {
    name: "modules and fields",
    document: flowOf({
      [K.start]: { module: "start", next: K.match },
      [K.match]: { module: "calleridmatch", patterns: ["(", "^(a+)+$", ""], match: "", nomatch: "gone" },
      [K.play]: { module: "play", sound: MISSING_SOUND, next: K.busy, nxt: K.busy },
      [K.busy]: { module: "busy", next: K.start },
      [K.menu]: { module: "pressextension", next: { "1": K.busy } },
      [K.ring]: { module: "extension", extensions: [{ type: "forward", number: "12" }] },
      ["x".repeat(65)]: { module: "busy" },
      [K.play2]: 7 as unknown as Record<string, unknown>,
      [K.fax]: { module: "nope" },
      "no-type": {},
    }),
  },
  { name: "no start", document: flowOf({ [K.busy]: { module: "busy" } }) },
  { name: "two starts", document: flowOf({ ...startToBusy, [K.play]: { module: "start", next: K.busy } }) },
  { name: "fax not alone", document: flowOf({ ...startToBusy, [K.fax]: { module: "fax" } }) },
  {
    name: "endless loop",
    document: flowOf({
      [K.start]: { module: "start", next: K.play },
      [K.play]: { module: "play", sound: IDS.sound, next: K.play2 },
      [K.play2]: { module: "play", sound: IDS.sound, next: K.play },
    }),
  },
];

function diagnoseAll() {
  return BROKEN.map(({ name, document, limits }) => {
    const diagnosis = diagnoseCallFlow(document, { resources: FULL_ACCOUNT, limits });
    const flow = (document as { flow?: unknown }).flow;
    const modules =
      typeof flow === "object" && flow !== null && !Array.isArray(flow) ? (flow as Record<string, Record<string, unknown>>) : {};
    const safeModules = Object.fromEntries(
      Object.entries(modules).map(([key, module]) => [key, typeof module === "object" && module !== null ? module : {}]),
    );
    return { name, diagnosis, context: { flow: safeModules, names: moduleNames(safeModules) } };
  });
}

describe("people messages", () => {
  it("exist for every rule's code", () => {
    expect(FLOW_ISSUE_CODES.length).toBeGreaterThan(20);
    for (const code of FLOW_ISSUE_CODES) expect(PEOPLE_MESSAGES[code], code).toBeTypeOf("function");
    expect(Object.keys(PEOPLE_MESSAGES).sort()).toEqual([...FLOW_ISSUE_CODES].sort());
  });

  it("exist for every field of every module type and of the settings: a label and what to do", () => {
    for (const type of MODULE_TYPES) {
      const fields = Object.keys(MODULE_SCHEMAS[type].shape).filter((field) => field !== "module");
      const texts = MODULE_FIELD_TEXTS[type] as Record<string, { label: string; todo: string }>;
      expect(Object.keys(texts).sort(), type).toEqual(fields.sort());
      for (const field of fields) {
        expect(texts[field]?.label, `${type}.${field}`).toMatch(/\S/);
        expect(texts[field]?.todo, `${type}.${field}`).toMatch(/^[A-Z]/);
      }
    }
    expect(Object.keys(SETTINGS_FIELD_TEXTS).sort()).toEqual(Object.keys(ZCallFlowSettings.shape).sort());
  });

  it("are produced by the broken flows for every code, which keeps this table of rules complete", () => {
    const seen = new Set<FlowIssueCode>();
    for (const { diagnosis } of diagnoseAll())
      for (const issue of [...diagnosis.errors, ...diagnosis.warnings]) seen.add(issue.code);
    expect([...seen].sort()).toEqual([...FLOW_ISSUE_CODES].sort());
  });

  it("name the module and the field as the editor shows them, say what to do, and never show an id or a JSON path", () => {
    for (const { name, diagnosis, context } of diagnoseAll()) {
      for (const issue of [...diagnosis.errors, ...diagnosis.warnings]) {
        const shown = peopleIssue(issue, context);
        const where = `${name}: ${issue.code} at ${issue.path}`;
        expect(shown.text, where).toMatch(/^[A-Z"].*[.]$/s);
        for (const text of [shown.text, shown.place, shown.fieldLabel ?? ""]) {
          expect(text, where).not.toMatch(UUID);
          expect(text, where).not.toMatch(/\bflow\.\w|"\w+\.\w/);
        }
        if (issue.moduleKey !== null && issue.moduleKey in context.flow)
          expect(shown.place, where).toBe(context.names.get(issue.moduleKey));
      }
    }
  });

  it("read as the issue asks: a caller-ID match's missing route and an unsafe pattern", () => {
    const document = flowOf({
      [K.start]: { module: "start", next: K.play },
      [K.play]: { module: "play", sound: IDS.sound, next: K.match },
      [K.busy]: { module: "calleridmatch", patterns: ["^44"], match: K.play, nomatch: K.play },
      [K.match]: { module: "calleridmatch", patterns: ["^(a+)+$"], match: "", nomatch: K.play },
    });
    const context = { flow: document.flow, names: moduleNames(document.flow) };
    const shown = diagnoseCallFlow(document, { resources: FULL_ACCOUNT }).errors.map((issue) => peopleIssue(issue, context));
    expect(shown).toContainEqual({
      moduleKey: K.match,
      field: "match",
      place: "Caller ID match 2",
      fieldLabel: "When a pattern matches, go to",
      text: "Choose where the call goes when a pattern matches.",
    });
    expect(shown).toContainEqual(
      expect.objectContaining({
        place: "Caller ID match 2",
        fieldLabel: "Pattern 1",
        text: expect.stringMatching(/^This pattern could make the phone system very slow/),
      }),
    );
  });

  it("number modules by type in flow order, with a lone Start unnumbered", () => {
    const names = moduleNames({
      a: { module: "start" },
      b: { module: "play" },
      c: { module: "calleridmatch" },
      d: { module: "play" },
      e: { module: "Trunk" },
      f: { module: "trunk" },
    });
    expect([...names.values()]).toEqual(["Start", "Play sound 1", "Caller ID match 1", "Play sound 2", "Trunk 1", "Trunk 2"]);
  });
});
