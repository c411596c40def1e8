import type { TTemplatePlaceholders } from "./template";

/**
 * The built-in starter templates: in every reseller's and admin's library, applied like any
 * template, never edited (a copy in the library can be). Their ids are fixed, so the REST API
 * and scripts can name them; placeholders are named the way people name these resources, so a
 * customer set up with a "Reception" SIP user and a "Voicemail" mailbox binds by name.
 */
export type StarterTemplate = {
  id: string;
  name: string;
  description: string;
  flow: Record<string, unknown>;
  placeholders: TTemplatePlaceholders;
};

export const STARTER_TEMPLATES: readonly StarterTemplate[] = [
  {
    id: "5a7e0000-0000-4000-8000-000000000001",
    name: "Office-hours IVR with voicemail",
    description:
      "A welcome message, then a menu: 1 rings reception, 2 rings sales; anyone not answered, or who presses nothing, leaves a message.",
    flow: {
      start: { module: "start", next: "welcome" },
      welcome: { module: "play", sound: "{{Welcome message}}", next: "menu" },
      menu: {
        module: "pressextension",
        sound: "{{Menu prompt}}",
        next: { "1": "reception", "2": "sales", invalid: "reception", timeout: "reception" },
      },
      reception: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }], noanswer: "voicemail" },
      sales: { module: "extension", extensions: [{ type: "huntgroup", uuid: "{{Sales}}" }], noanswer: "voicemail" },
      voicemail: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: {
      "Welcome message": { kind: "sound" },
      "Menu prompt": { kind: "sound" },
      Reception: { kind: "sipuser" },
      Sales: { kind: "group" },
      Voicemail: { kind: "mailbox" },
    },
  },
  {
    id: "5a7e0000-0000-4000-8000-000000000002",
    name: "Ring group, then voicemail",
    description: "Rings a hunt group; if nobody answers, the caller leaves a message.",
    flow: {
      start: { module: "start", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "huntgroup", uuid: "{{Ring group}}" }], noanswer: "voicemail" },
      voicemail: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: { "Ring group": { kind: "group" }, Voicemail: { kind: "mailbox" } },
  },
  {
    id: "5a7e0000-0000-4000-8000-000000000003",
    name: "After-hours message, then voicemail",
    description: "Tells callers the office is closed, then lets them leave a message.",
    flow: {
      start: { module: "start", next: "message" },
      message: { module: "play", sound: "{{After-hours message}}", next: "voicemail" },
      voicemail: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: { "After-hours message": { kind: "sound" }, Voicemail: { kind: "mailbox" } },
  },
];

export function starterTemplate(id: string): StarterTemplate | undefined {
  return STARTER_TEMPLATES.find((starter) => starter.id === id.toLowerCase());
}
