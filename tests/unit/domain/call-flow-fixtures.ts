import { REFERENCE_SIP_USER_ID, referenceExample } from "@/server/domain/call-flow/reference-example";
import type { AccountResources, ResourceKind } from "@/server/domain/call-flow";

/** The flow of the provider's reference: the POST and PUT request bodies, verbatim. */
export const REFERENCE_REQUEST_BODY = referenceExample();

/** The same flow as the reference's GET responses return it, read-only fields included. */
export const REFERENCE_GET_RESULT = {
  created_on: "2023-06-07",
  ...REFERENCE_REQUEST_BODY,
  updated_on: "2023-06-07",
  uuid: "31347d42-00bd-44a5-9b5c-20dc4197a2f6",
};

/** The reference's 201 (create) response, which has no `updated_on`. */
export const REFERENCE_CREATED_RESULT = {
  created_on: "2023-06-07",
  ...REFERENCE_REQUEST_BODY,
  uuid: "31347d42-00bd-44a5-9b5c-20dc4197a2f6",
};

export const PETE_SIP_USER = REFERENCE_SIP_USER_ID;

export const IDS = {
  sipUser: PETE_SIP_USER,
  huntGroup: "6a1f7c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  sound: "1d3c5b7a-9e8f-4a6b-8c2d-4e6f8a0b2c4d",
  whisper: "2e4d6c8b-0a9f-4b7c-9d3e-5f7a9b1c3d5e",
  playlist: "3f5e7d9c-1b0a-4c8d-ae4f-6a8b0c2d4e6f",
  mailbox: "4a6f8e0d-2c1b-4d9e-bf5a-7b9c1d3e5f7a",
  trunk: "5b7a9f1e-3d2c-4eaf-8a6b-8c0d2e4f6a8b",
};

/** Account resources: each kind holds the given UUIDs and nothing else. */
export function accountResources(owned: Partial<Record<ResourceKind, readonly string[]>> = {}): AccountResources {
  return {
    sipUsers: new Set(owned.sipUsers),
    huntGroups: new Set(owned.huntGroups),
    sounds: new Set(owned.sounds),
    playlists: new Set(owned.playlists),
    mailboxes: new Set(owned.mailboxes),
    trunks: new Set(owned.trunks),
  };
}

/** An account owning every resource in {@link IDS}. */
export const FULL_ACCOUNT = accountResources({
  sipUsers: [IDS.sipUser],
  huntGroups: [IDS.huntGroup],
  sounds: [IDS.sound, IDS.whisper],
  playlists: [IDS.playlist],
  mailboxes: [IDS.mailbox],
  trunks: [IDS.trunk],
});

/**
 * Every module the reference documents, each with all of its documented fields (the
 * placeholder texts replaced by real values), wired into one flow where every module is
 * reachable and every menu and extension has its fallback routes.
 */
export function everyModuleFlow() {
  return {
    extension: 777,
    flow: {
      start: { module: "start", next: "record" },
      record: { module: "recording", next: "hold" },
      hold: { class: IDS.playlist, module: "musiconhold", next: "screen" },
      screen: {
        match: "welcome",
        module: "calleridmatch",
        nomatch: "reception",
        patterns: ["^44800", "9000$", "1483", "anonymous", "unavailable"],
      },
      welcome: { module: "play", next: "menu", sound: IDS.sound },
      reception: {
        announcement: IDS.whisper,
        duration: 30,
        extensions: [
          { type: "sipuser", uuid: IDS.sipUser },
          { type: "huntgroup", uuid: IDS.huntGroup },
          { number: "+441234567890", type: "forward" },
        ],
        module: "extension",
        noanswer: "menu",
        ringtone: IDS.playlist,
      },
      menu: {
        duration: 10,
        module: "pressextension",
        next: {
          "1": "directory",
          "2": "busy",
          "3": "messages",
          "4": "bridge",
          "5": "carrier",
          invalid: "menu",
          timeout: "reception",
        },
        sound: IDS.sound,
      },
      directory: {
        dial_duration: 30,
        module: "dialbyextension",
        next: { invalid: "menu", timeout: "menu" },
        noanswer: "sipuser_voicemail",
        ringtone: IDS.sound,
        sound: IDS.sound,
        wait_duration: 10,
      },
      busy: { duration: 3, module: "busy" },
      messages: { mailboxes: [IDS.mailbox], module: "voicemail" },
      bridge: { announcement: IDS.sound, module: "conference", music: IDS.playlist, pin: "1234" },
      carrier: { module: "Trunk", uuid: IDS.trunk },
    },
    name: "Every documented module",
  };
}

/** The fax module "should be the only module after start". */
export function faxFlow() {
  return {
    extension: 600,
    flow: {
      entry: { module: "start", next: "receiver" },
      receiver: { module: "fax" },
    },
    name: "Fax line",
  };
}

/** A document to break on purpose: any field can be set to anything. */
export type EditableDocument = Record<string, unknown>;

export function editableCopy(document: object): EditableDocument {
  return structuredClone(document) as EditableDocument;
}

export function modulesOf(document: EditableDocument): Record<string, unknown> {
  return document.flow as Record<string, unknown>;
}

export function moduleOf(document: EditableDocument, key: string): Record<string, unknown> {
  const module = modulesOf(document)[key];
  if (typeof module !== "object" || module === null) throw new Error(`no module ${key} in the fixture`);
  return module as Record<string, unknown>;
}

export function branchesOf(document: EditableDocument, key: string): Record<string, unknown> {
  return moduleOf(document, key).next as Record<string, unknown>;
}
