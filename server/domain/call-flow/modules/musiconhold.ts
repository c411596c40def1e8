import { z } from "zod";
import { defineModuleType, THEN_GO_TO } from "./define";
import { moduleReference, resourceUuid } from "./fields";

export const ZMusicOnHoldModule = z.strictObject({
  class: resourceUuid("a playlist"),
  module: z.literal("musiconhold"),
  next: moduleReference(),
});
export type TMusicOnHoldModule = z.infer<typeof ZMusicOnHoldModule>;

export const musiconhold = defineModuleType({
  type: "musiconhold",
  schema: ZMusicOnHoldModule,
  routes: ["next"],
  resources: [["class", ["playlists"]]],
  label: "Hold music",
  help: "Sets the hold music from this point on.",
  apiDetails: "`class` is a playlist uuid.",
  apiSchemaName: "MusicOnHoldModule",
  fieldTexts: {
    class: { label: "Hold music playlist", todo: "Choose the playlist callers hear on hold" },
    next: { label: THEN_GO_TO, todo: "Choose where the call goes next" },
  },
  newModule: { module: "musiconhold", class: "", next: "" },
  summary: (module, name) => name(module.class),
  simulate: (call, key, module) => {
    call.holdMusic = call.name("playlists", module.class);
    call.step(key, "musiconhold", `Hold music is set to ${call.holdMusic}.`);
    return { next: module.next };
  },
});
