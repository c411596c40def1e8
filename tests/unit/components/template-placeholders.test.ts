import { describe, expect, it } from "vitest";
import {
  editableTemplate,
  placeholderNameIssue,
  placeholderResources,
  templateDocument,
  usedPlaceholderIds,
} from "@/components/templates/template-placeholders";
import { DEFAULT_EXTENSION_RANGE, diagnoseCallFlow } from "@/server/domain/call-flow";
import { checkTemplate } from "@/server/domain/templates";

/** Start, ring Reception, then voicemail, after a greeting whose placeholder is used but not declared. */
function receptionTemplate() {
  return {
    name: "Reception, then voicemail",
    flow: {
      start: { module: "start", next: "greet" },
      greet: { module: "play", sound: "{{Welcome}}", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }], noanswer: "vm" },
      vm: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: { Reception: { kind: "sipuser" }, Voicemail: { kind: "mailbox" } },
  };
}

/** Ids in the order they are asked for. */
function counter() {
  let count = 0;
  return () => {
    count += 1;
    return `00000000-0000-4000-8000-00000000000${count}`;
  };
}

describe("a template in the flow editor", () => {
  it("names each placeholder by an id of its own, declaring the ones the flow uses without declaring", () => {
    const { document, placeholders } = editableTemplate(receptionTemplate(), counter());
    expect(placeholders).toEqual([
      { id: "00000000-0000-4000-8000-000000000001", name: "Reception", kind: "sipuser" },
      { id: "00000000-0000-4000-8000-000000000002", name: "Voicemail", kind: "mailbox" },
      { id: "00000000-0000-4000-8000-000000000003", name: "Welcome", kind: "sound" },
    ]);
    expect(document.flow.ring).toEqual({
      module: "extension",
      extensions: [{ type: "sipuser", uuid: placeholders[0]!.id }],
      noanswer: "vm",
    });
    expect(usedPlaceholderIds(document.flow)).toEqual(new Set(placeholders.map((placeholder) => placeholder.id)));
  });

  it("passes the flow's own rules with the placeholders as its resources, and saves as it was written", () => {
    const { document, placeholders } = editableTemplate(receptionTemplate(), counter());
    const { resources } = placeholderResources(placeholders);
    const diagnosis = diagnoseCallFlow(document, { resources, extensionRange: DEFAULT_EXTENSION_RANGE });
    expect(diagnosis.errors).toEqual([]);
    const saved = templateDocument(document, placeholders);
    expect(saved).toEqual({
      ...receptionTemplate(),
      placeholders: { ...receptionTemplate().placeholders, Welcome: { kind: "sound" } },
    });
    expect(checkTemplate(saved).errors).toEqual([]);
  });

  it("writes a renamed placeholder's new name wherever the flow uses it", () => {
    const { document, placeholders } = editableTemplate(receptionTemplate(), counter());
    const renamed = placeholders.map((placeholder) =>
      placeholder.name === "Reception" ? { ...placeholder, name: "Front desk" } : placeholder,
    );
    const saved = templateDocument(document, renamed);
    expect(saved.flow.ring).toEqual({
      module: "extension",
      extensions: [{ type: "sipuser", uuid: "{{Front desk}}" }],
      noanswer: "vm",
    });
    expect(Object.keys(saved.placeholders)).toEqual(["Front desk", "Voicemail", "Welcome"]);
  });

  it("offers each placeholder in the pickers of its kind, by name and kind", () => {
    const { placeholders } = editableTemplate(receptionTemplate(), counter());
    const { options, names } = placeholderResources(placeholders);
    expect(options.sipUsers).toEqual([{ id: placeholders[0]!.id, label: "Reception (SIP user placeholder)" }]);
    expect(options.mailboxes.map((option) => option.label)).toEqual(["Voicemail (mailbox placeholder)"]);
    expect(options.huntGroups).toEqual([]);
    expect(names.get(placeholders[2]!.id)).toBe("Welcome (sound placeholder)");
  });
});

describe("placeholderNameIssue", () => {
  const { placeholders } = editableTemplate(receptionTemplate(), counter());
  it.each([
    ["Front desk", null],
    ["", "The placeholder name must be 1 to 100 characters, without braces or spaces at either end."],
    [" Padded", "The placeholder name must be 1 to 100 characters, without braces or spaces at either end."],
    ["{{Braced}}", "The placeholder name must be 1 to 100 characters, without braces or spaces at either end."],
    ["Reception", 'The template already has a placeholder named "Reception".'],
  ])("%j → %j", (name, issue) => {
    expect(placeholderNameIssue(name, placeholders)).toBe(issue);
  });
});
