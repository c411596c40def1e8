import { z } from "zod";
import { defineModuleType, THEN_GO_TO } from "./define";
import { moduleReference } from "./fields";

export const ZRecordingModule = z.strictObject({
  module: z.literal("recording"),
  next: moduleReference(),
});
export type TRecordingModule = z.infer<typeof ZRecordingModule>;

export const recording = defineModuleType({
  type: "recording",
  schema: ZRecordingModule,
  routes: ["next"],
  resources: [],
  label: "Record call",
  help: "Records the call from this point on.",
  apiSchemaName: "RecordingModule",
  fieldTexts: { next: { label: THEN_GO_TO, todo: "Choose where the call goes once recording starts" } },
  newModule: { module: "recording", next: "" },
  simulate: (call, key, module) => {
    call.recording = true;
    call.step(key, "recording", "Call recording starts.");
    return { next: module.next };
  },
});
