import { z } from "zod";
import { defineModuleType, THEN_GO_TO } from "./define";
import { moduleReference } from "./fields";

export const ZStartModule = z.strictObject({
  module: z.literal("start"),
  next: moduleReference(),
});
export type TStartModule = z.infer<typeof ZStartModule>;

export const start = defineModuleType({
  type: "start",
  schema: ZStartModule,
  routes: ["next"],
  resources: [],
  label: "Start",
  help: "Where every call enters the flow.",
  apiDetails: "Every call flow has exactly one.",
  apiSchemaName: "StartModule",
  fieldTexts: { next: { label: THEN_GO_TO, todo: "Choose where calls go first" } },
  newModule: { module: "start", next: "" },
  simulate: (call, key, module) => {
    call.step(key, "start", "The call arrives.");
    return { next: module.next };
  },
});
