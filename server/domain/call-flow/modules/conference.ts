import { z } from "zod";
import { defineModuleType } from "./define";
import { matching, resourceUuid } from "./fields";

const CONFERENCE_PIN_PATTERN = /^[0-9]{4}$/;

export const ZConferenceModule = z.strictObject({
  announcement: resourceUuid("a sound").optional(),
  module: z.literal("conference"),
  music: resourceUuid("a playlist").optional(),
  pin: matching(CONFERENCE_PIN_PATTERN, "must be a string of exactly 4 digits").optional(),
});
export type TConferenceModule = z.infer<typeof ZConferenceModule>;

export const conference = defineModuleType({
  type: "conference",
  schema: ZConferenceModule,
  routes: [],
  resources: [
    ["announcement", ["sounds"]],
    ["music", ["playlists"]],
  ],
  label: "Conference",
  help: "Sends the caller to a conference bridge.",
  apiSchemaName: "ConferenceModule",
  fieldTexts: {
    pin: { label: "PIN", todo: "Enter exactly 4 digits, or leave it empty for no PIN" },
    announcement: { label: "Announcement on joining (sound)", todo: "Choose a sound, or none" },
    music: { label: "Music while alone (playlist)", todo: "Choose a playlist, or none" },
  },
  newModule: { module: "conference" },
  summary: (module) => (module.pin ? "PIN required" : ""),
  simulate: (call, key, module) => {
    const hears = [
      module.announcement && call.name("sounds", module.announcement),
      module.music && call.name("playlists", module.music),
    ].filter((name): name is string => Boolean(name));
    const sounds = call.sounds(module.announcement);
    call.step(key, "conference", `The caller joins the conference${module.pin ? " after entering its PIN" : ""}.`, {
      hears,
      sounds,
      seconds: call.listening(sounds),
    });
    return { ending: { kind: "conference", description: `Joins the conference bridge${module.pin ? " (PIN required)" : ""}.` } };
  },
});
