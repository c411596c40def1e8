import { z } from "zod";
import { defineModuleType } from "./define";
import { list, resourceUuid } from "./fields";

export const MAX_VOICEMAIL_MAILBOXES = 50;

export const ZVoicemailModule = z.strictObject({
  mailboxes: list(resourceUuid("a mailbox"), MAX_VOICEMAIL_MAILBOXES, "mailbox UUIDs"),
  module: z.literal("voicemail"),
});
export type TVoicemailModule = z.infer<typeof ZVoicemailModule>;

export const voicemail = defineModuleType({
  type: "voicemail",
  schema: ZVoicemailModule,
  routes: [],
  resources: [["mailboxes", ["mailboxes"]]],
  label: "Voicemail",
  help: "Takes a message in one or more mailboxes.",
  apiSchemaName: "VoicemailModule",
  fieldTexts: { mailboxes: { label: "Mailboxes", todo: `Choose between 1 and ${MAX_VOICEMAIL_MAILBOXES} mailboxes` } },
  newModule: { module: "voicemail", mailboxes: [] },
  summary: (module, name) => (Array.isArray(module.mailboxes) ? module.mailboxes.map(name).join(", ") : ""),
  simulate: (call, key, module) => {
    const boxes = module.mailboxes.map((uuid) => call.name("mailboxes", uuid));
    call.step(key, "voicemail", `The caller is asked to leave a message.`);
    return { ending: { kind: "voicemail", description: `Voicemail: a message is left in ${boxes.join(", ")}.` } };
  },
});
