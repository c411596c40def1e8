import { z } from "zod";
import { defineModuleType, THEN_GO_TO } from "./define";
import { moduleReference, resourceUuid } from "./fields";

export const ZPlayModule = z.strictObject({
  module: z.literal("play"),
  next: moduleReference(),
  sound: resourceUuid("a sound"),
});
export type TPlayModule = z.infer<typeof ZPlayModule>;

export const play = defineModuleType({
  type: "play",
  schema: ZPlayModule,
  routes: ["next"],
  resources: [["sound", ["sounds"]]],
  label: "Play sound",
  help: "Plays a sound to the caller.",
  apiSchemaName: "PlayModule",
  fieldTexts: {
    sound: { label: "Sound", todo: "Choose the sound to play" },
    next: { label: THEN_GO_TO, todo: "Choose where the call goes after the sound" },
  },
  newModule: { module: "play", sound: "", next: "" },
  summary: (module, name) => name(module.sound),
  simulate: (call, key, module) => {
    const sound = call.name("sounds", module.sound);
    const sounds = call.sounds(module.sound);
    call.step(key, "play", `The caller hears ${sound}.`, { hears: [sound], sounds, seconds: call.listening(sounds) });
    return { next: module.next };
  },
});
