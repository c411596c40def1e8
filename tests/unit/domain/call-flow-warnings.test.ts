import { describe, expect, it } from "vitest";
import { validateCallFlow } from "@/server/domain/call-flow";
import { FULL_ACCOUNT, branchesOf, editableCopy, everyModuleFlow, moduleOf, modulesOf } from "./call-flow-fixtures";

function flowDocument() {
  return editableCopy(everyModuleFlow());
}

function validate(document: object) {
  return validateCallFlow(document, { resources: FULL_ACCOUNT });
}

describe("warnings", () => {
  it("names a module that no route from start reaches, without blocking", () => {
    const document = flowDocument();
    modulesOf(document).orphan = { module: "busy" };
    expect(validate(document)).toEqual({
      errors: [],
      warnings: [{ path: "flow.orphan", message: 'Module "orphan" (busy) cannot be reached from the start module' }],
    });
  });

  it("names every module cut off when a route is redirected, including loops among them", () => {
    const document = flowDocument();
    moduleOf(document, "menu").next = { "1": "busy", invalid: "menu", timeout: "menu" };
    const unreachable = validate(document).warnings.map((warning) => warning.path);
    expect(unreachable).toEqual(["flow.directory", "flow.messages", "flow.bridge", "flow.carrier"]);
  });

  it("warns about an IVR without an invalid branch", () => {
    const document = flowDocument();
    delete branchesOf(document, "menu").invalid;
    expect(validate(document)).toEqual({
      errors: [],
      warnings: [{ path: "flow.menu.next.invalid", message: expect.stringMatching(/^The menu has no "invalid" route/) }],
    });
  });

  it("warns about an IVR without a timeout branch", () => {
    const document = flowDocument();
    moduleOf(document, "menu").next = {
      "1": "directory",
      "2": "busy",
      "3": "messages",
      "4": "bridge",
      "5": "carrier",
      invalid: "menu",
    };
    expect(validate(document)).toEqual({
      errors: [],
      warnings: [
        {
          path: "flow.menu.next.timeout",
          message: expect.stringMatching(/^The menu has no "timeout" route: a caller who presses nothing/),
        },
      ],
    });
  });

  it("warns the same way about a dial-by-extension menu missing both fallbacks", () => {
    const document = flowDocument();
    moduleOf(document, "directory").next = {};
    expect(validate(document).warnings.map((warning) => warning.path)).toEqual([
      "flow.directory.next.invalid",
      "flow.directory.next.timeout",
    ]);
  });

  it("warns about an extension module without noanswer", () => {
    const document = flowDocument();
    delete moduleOf(document, "reception").noanswer;
    expect(validate(document)).toEqual({
      errors: [],
      warnings: [
        { path: "flow.reception.noanswer", message: expect.stringMatching(/^The extension module has no "noanswer" route/) },
      ],
    });
  });

  it("warns about an IVR menu without a prompt, at its prompt's field", () => {
    const document = flowDocument();
    delete moduleOf(document, "menu").sound;
    expect(validate(document)).toEqual({
      errors: [],
      warnings: [{ path: "flow.menu.sound", message: expect.stringMatching(/^The menu has no prompt/) }],
    });
  });

  it("gives no warning when every module is reachable and every fallback is routed", () => {
    expect(validate(flowDocument()).warnings).toEqual([]);
  });
});
