import { describe, expect, it } from "vitest";
import {
  bindPlaceholders,
  type CandidateResources,
  checkTemplate,
  placeholderKinds,
  placeholderNameIn,
  proposeTemplate,
  STARTER_TEMPLATES,
  substitutePlaceholders,
} from "@/server/domain/templates";
import { validateCallFlow } from "@/server/domain/call-flow";
import { accountResources, everyModuleFlow, IDS } from "./call-flow-fixtures";

/** Start, ring Reception, then voicemail: two placeholders. */
function receptionTemplate() {
  return {
    name: "Reception, then voicemail",
    flow: {
      start: { module: "start", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }], noanswer: "vm" },
      vm: { module: "voicemail", mailboxes: ["{{ Voicemail }}"] },
    },
    placeholders: { Reception: { kind: "sipuser" }, Voicemail: { kind: "mailbox" } },
  };
}

const NONE: CandidateResources = { sipuser: [], group: [], sound: [], playlist: [], mailbox: [], trunk: [] };

describe("placeholderNameIn", () => {
  it.each([
    ["{{Reception}}", "Reception"],
    ["{{ Welcome sound }}", "Welcome sound"],
    ["{{}}", null],
    ["{Reception}", null],
    ["x{{Reception}}", null],
    [IDS.sound, null],
    [7, null],
  ])("%j → %j", (value, name) => {
    expect(placeholderNameIn(value)).toBe(name);
  });
});

describe("checkTemplate", () => {
  it("accepts a template whose placeholders are declared and of the kinds their fields take", () => {
    expect(checkTemplate(receptionTemplate())).toEqual({ errors: [], warnings: [] });
  });

  it("reports a placeholder used but not declared, at the field using it", () => {
    const template = receptionTemplate();
    template.flow.ring.extensions[0]!.uuid = "{{Front desk}}";
    const { errors } = checkTemplate(template);
    expect(errors).toContainEqual({
      path: "flow.ring.extensions.0.uuid",
      message: '"{{Front desk}}" is not declared in "placeholders"',
    });
    // Reception is now declared for nothing.
    expect(errors).toContainEqual({
      path: "placeholders.Reception",
      message: 'The placeholder "Reception" is not used in the flow',
    });
  });

  it("reports a declared kind the field does not take", () => {
    const template = { ...receptionTemplate(), placeholders: { Reception: { kind: "sound" }, Voicemail: { kind: "mailbox" } } };
    const { errors } = checkTemplate(template);
    expect(errors).toEqual([
      {
        path: "flow.ring.extensions.0.uuid",
        message: 'The placeholder "Reception" is a sound, but this field takes a SIP user',
      },
    ]);
  });

  it("takes a sound or a playlist where a ringtone goes", () => {
    const template = receptionTemplate();
    const ring = { ...template.flow.ring, ringtone: "{{Hold music}}" };
    for (const kind of ["sound", "playlist"]) {
      const result = checkTemplate({
        ...template,
        flow: { ...template.flow, ring },
        placeholders: { ...template.placeholders, "Hold music": { kind } },
      });
      expect(result.errors).toEqual([]);
    }
  });

  it("refuses a literal resource uuid, a placeholder outside a resource field, and bad declarations", () => {
    const template = receptionTemplate();
    const flow = {
      ...template.flow,
      start: { module: "start", next: "{{Reception}}" },
      vm: { module: "voicemail", mailboxes: [IDS.mailbox] },
    };
    const { errors } = checkTemplate({
      ...template,
      flow,
      placeholders: { Reception: { kind: "sipuser" }, "{bad}": { kind: "phone" } },
    });
    expect(errors.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["placeholders.{bad}", "placeholders.{bad}.kind", "flow.vm.mailboxes.0", "flow.start.next"]),
    );
    expect(errors.find((issue) => issue.path === "placeholders.{bad}.kind")!.message).toBe(
      '"kind" of "{bad}" must be one of sipuser, group, sound, playlist, mailbox, trunk',
    );
  });

  it("checks the flow's own rules with the placeholders standing in, naming the template's fields", () => {
    const template = receptionTemplate();
    const { errors } = checkTemplate({
      ...template,
      name: "",
      flow: { ...template.flow, start: { module: "start", next: "nowhere" } },
      colour: 1,
    });
    expect(errors.map((issue) => issue.path)).toEqual(expect.arrayContaining(["colour", "name", "flow.start.next"]));
    expect(JSON.stringify(errors)).not.toContain("00000000-0000-4000-8000");
  });

  it("passes the flow's warnings on", () => {
    const template = receptionTemplate();
    const { noanswer: _, ...ringWithoutFallback } = template.flow.ring;
    const { errors, warnings } = checkTemplate({
      ...template,
      flow: { start: template.flow.start, ring: ringWithoutFallback },
      placeholders: { Reception: { kind: "sipuser" } },
    });
    expect(errors).toEqual([]);
    expect(warnings.map((issue) => issue.path)).toEqual(["flow.ring.noanswer"]);
  });
});

describe("substitutePlaceholders", () => {
  it("puts each bound uuid where its placeholder was, leaving the template and key order as they were", () => {
    const template = receptionTemplate();
    const flow = substitutePlaceholders(template.flow, { Reception: IDS.sipUser, Voicemail: IDS.mailbox });
    expect(JSON.stringify(flow)).toBe(
      JSON.stringify(template.flow).replace("{{Reception}}", IDS.sipUser).replace("{{ Voicemail }}", IDS.mailbox),
    );
    expect(template.flow.ring.extensions[0]!.uuid).toBe("{{Reception}}");
    const resources = accountResources({ sipUsers: [IDS.sipUser], mailboxes: [IDS.mailbox] });
    expect(validateCallFlow({ name: "Applied", extension: 600, flow }, { resources }).errors).toEqual([]);
  });
});

describe("bindPlaceholders", () => {
  const kinds = placeholderKinds(receptionTemplate().placeholders);

  it("binds by name, ignoring case, when exactly one resource of the kind has it", () => {
    const result = bindPlaceholders(
      kinds,
      {},
      {
        ...NONE,
        sipuser: [{ id: IDS.sipUser, name: "reception" }],
        mailbox: [{ id: IDS.mailbox, name: "VOICEMAIL" }],
      },
    );
    expect(result.errors).toEqual([]);
    expect(result.bindings).toEqual({ Reception: IDS.sipUser, Voicemail: IDS.mailbox });
    expect(result.details.map((detail) => detail.source)).toEqual(["name", "name"]);
  });

  it("asks for a choice when no resource or several share the name, and takes one chosen by hand", () => {
    const twins = [
      { id: IDS.sipUser, name: "Reception" },
      { id: IDS.huntGroup, name: "RECEPTION" },
    ];
    const ambiguous = bindPlaceholders(kinds, {}, { ...NONE, sipuser: twins });
    expect(ambiguous.errors).toEqual([
      { path: "bindings.Reception", message: '2 SIP users are named "Reception" on this account: choose one of them' },
      { path: "bindings.Voicemail", message: 'No mailbox is named "Voicemail" on this account: choose one for it' },
    ]);
    expect(ambiguous.details[0]!.namesakes).toEqual(twins);

    const chosen = bindPlaceholders(
      kinds,
      { Reception: IDS.huntGroup, Voicemail: IDS.mailbox },
      {
        ...NONE,
        sipuser: twins,
        mailbox: [{ id: IDS.mailbox, name: "Anything" }],
      },
    );
    expect(chosen.errors).toEqual([]);
    expect(chosen.bindings).toEqual({ Reception: IDS.huntGroup, Voicemail: IDS.mailbox });
    expect(chosen.details.map((detail) => detail.source)).toEqual(["chosen", "chosen"]);
  });

  it("refuses a choice that is not among the customer's resources of the kind, and unknown placeholders", () => {
    const result = bindPlaceholders(
      kinds,
      { Reception: IDS.trunk, Nobody: IDS.sound },
      {
        ...NONE,
        sipuser: [{ id: IDS.sipUser, name: "Reception" }],
        mailbox: [{ id: IDS.mailbox, name: "Voicemail" }],
      },
    );
    expect(result.errors).toEqual([
      { path: "bindings.Nobody", message: '"Nobody" is not a placeholder of this template' },
      { path: "bindings.Reception", message: 'The SIP user chosen for "Reception" was not found on this account' },
    ]);
    expect(result.bindings).toEqual({ Voicemail: IDS.mailbox });
  });
});

describe("proposeTemplate", () => {
  it("makes each resource of a flow a placeholder named after it, once per resource", () => {
    const names: Record<string, string> = {
      [IDS.sipUser]: "Reception",
      [IDS.huntGroup]: "Reception",
      [IDS.sound]: "Welcome {sound}",
      [IDS.playlist]: "Hold music",
      [IDS.mailbox]: "Voicemail",
      [IDS.trunk]: "Carrier",
    };
    const source = everyModuleFlow().flow;
    const { flow, placeholders } = proposeTemplate(source, (kind, id) => {
      const kindOf: Record<string, string> = {
        [IDS.sipUser]: "sipuser",
        [IDS.huntGroup]: "group",
        [IDS.sound]: "sound",
        [IDS.playlist]: "playlist",
        [IDS.mailbox]: "mailbox",
        [IDS.trunk]: "trunk",
      };
      return kindOf[id] === kind ? names[id] : undefined;
    });
    expect(placeholders).toMatchObject({
      Reception: { kind: "sipuser" },
      "Reception (hunt group)": { kind: "group" },
      "Welcome sound": { kind: "sound" },
      "Hold music": { kind: "playlist" },
      Voicemail: { kind: "mailbox" },
      Carrier: { kind: "trunk" },
    });
    // The whisper sound is on no account here: it is named after its kind.
    expect(placeholders.Sound).toEqual({ kind: "sound" });
    expect(JSON.stringify(flow)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(checkTemplate({ name: "Everything", flow, placeholders }).errors).toEqual([]);
  });
});

describe("starter templates", () => {
  it.each(STARTER_TEMPLATES.map((starter) => [starter.name, starter] as const))("%s is a valid template", (_, starter) => {
    expect(checkTemplate({ name: starter.name, flow: starter.flow, placeholders: starter.placeholders })).toEqual({
      errors: [],
      warnings: [],
    });
  });
});
