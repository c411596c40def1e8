import { describe, expect, it } from "vitest";
import { ZCallFlowInput, validateCallFlow } from "@/server/domain/call-flow";
import {
  FULL_ACCOUNT,
  IDS,
  PETE_SIP_USER,
  REFERENCE_CREATED_RESULT,
  REFERENCE_GET_RESULT,
  REFERENCE_REQUEST_BODY,
  accountResources,
  everyModuleFlow,
  faxFlow,
} from "./call-flow-fixtures";

const PETE_ACCOUNT = { resources: accountResources({ sipUsers: [PETE_SIP_USER] }) };
const EXTENSION_PATH = "flow.fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6";
const MENU_PATH = "flow.9085aa47-0ff0-4fd0-9c80-6077e1f475c2";

function withoutReadOnlyFields(result: Record<string, unknown>) {
  const { uuid: _uuid, created_on: _created, updated_on: _updated, ...body } = result;
  return body;
}

describe("the reference's examples", () => {
  const examples = {
    "POST and PUT request body": REFERENCE_REQUEST_BODY,
    "GET response, read-only fields removed": withoutReadOnlyFields(REFERENCE_GET_RESULT),
    "201 response, read-only fields removed": withoutReadOnlyFields(REFERENCE_CREATED_RESULT),
  };

  // Warnings only: its menu has no prompt, its ring no route for when nobody answers.
  it.each(Object.entries(examples))("%s validates on the account owning Pete's SIP user", (_, example) => {
    expect(validateCallFlow(example, PETE_ACCOUNT)).toEqual({
      errors: [],
      warnings: [
        { path: `${MENU_PATH}.sound`, message: expect.stringContaining("no prompt") },
        { path: `${EXTENSION_PATH}.noanswer`, message: expect.stringContaining('no "noanswer" route') },
      ],
    });
  });

  it("reports Pete's SIP user as not found on an account that does not own it", () => {
    expect(validateCallFlow(REFERENCE_REQUEST_BODY, { resources: accountResources() }).errors).toEqual([
      {
        path: `${EXTENSION_PATH}.extensions.0.uuid`,
        message: `SIP user "${PETE_SIP_USER}" not found on this account`,
      },
    ]);
  });

  it("rejects the read-only response fields in a request body, naming each", () => {
    const paths = validateCallFlow(REFERENCE_GET_RESULT, PETE_ACCOUNT).errors.map((issue) => issue.path);
    expect(paths).toEqual(["created_on", "updated_on", "uuid"]);
  });

  it("parses with ZCallFlowInput to an equal object: nothing added, nothing dropped", () => {
    expect(ZCallFlowInput.parse(REFERENCE_REQUEST_BODY)).toStrictEqual(REFERENCE_REQUEST_BODY);
  });
});

describe("every documented module with all of its fields", () => {
  it("validates with neither errors nor warnings", () => {
    expect(validateCallFlow(everyModuleFlow(), { resources: FULL_ACCOUNT })).toEqual({ errors: [], warnings: [] });
  });

  it("parses with ZCallFlowInput unchanged", () => {
    const flow = everyModuleFlow();
    expect(ZCallFlowInput.parse(flow)).toStrictEqual(flow);
  });

  it("accepts the fax module as the only module after start", () => {
    expect(validateCallFlow(faxFlow(), { resources: accountResources() })).toEqual({ errors: [], warnings: [] });
  });

  it('accepts "trunk" as well as the documented "Trunk", and keeps the spelling', () => {
    const flow = everyModuleFlow();
    flow.flow.carrier.module = "trunk";
    expect(validateCallFlow(flow, { resources: FULL_ACCOUNT }).errors).toEqual([]);
    expect(ZCallFlowInput.parse(flow).flow.carrier).toEqual({ module: "trunk", uuid: IDS.trunk });
  });

  it("reports every resource of another account as not found, by kind and path", () => {
    const { errors } = validateCallFlow(everyModuleFlow(), { resources: accountResources() });
    expect(errors).toEqual(
      [
        ["hold.class", `Playlist "${IDS.playlist}"`],
        ["welcome.sound", `Sound "${IDS.sound}"`],
        ["reception.announcement", `Sound "${IDS.whisper}"`],
        ["reception.ringtone", `Sound or playlist "${IDS.playlist}"`],
        ["reception.extensions.0.uuid", `SIP user "${IDS.sipUser}"`],
        ["reception.extensions.1.uuid", `Hunt group "${IDS.huntGroup}"`],
        ["menu.sound", `Sound "${IDS.sound}"`],
        ["directory.ringtone", `Sound or playlist "${IDS.sound}"`],
        ["directory.sound", `Sound "${IDS.sound}"`],
        ["messages.mailboxes.0", `Mailbox "${IDS.mailbox}"`],
        ["bridge.announcement", `Sound "${IDS.sound}"`],
        ["bridge.music", `Playlist "${IDS.playlist}"`],
        ["carrier.uuid", `Trunk "${IDS.trunk}"`],
      ].map(([path, resource]) => ({ path: `flow.${path}`, message: `${resource} not found on this account` })),
    );
  });

  it("takes a sound where a sound is expected, not a playlist with the same role", () => {
    const flow = everyModuleFlow();
    flow.flow.welcome.sound = IDS.playlist;
    expect(validateCallFlow(flow, { resources: FULL_ACCOUNT }).errors).toEqual([
      { path: "flow.welcome.sound", message: `Sound "${IDS.playlist}" not found on this account` },
    ]);
  });
});
