import { z } from "zod";
import { defineModuleType } from "./define";

export const ZFaxModule = z.strictObject({
  module: z.literal("fax"),
});
export type TFaxModule = z.infer<typeof ZFaxModule>;

export const fax = defineModuleType({
  type: "fax",
  schema: ZFaxModule,
  routes: [],
  resources: [],
  label: "Fax",
  help: "Receives a fax. Must be the only module after Start.",
  apiSchemaName: "FaxModule",
  fieldTexts: {},
  newModule: { module: "fax" },
  simulate: (call, key) => {
    call.step(key, "fax", "The call is answered as a fax.");
    return { ending: { kind: "fax", description: "Received as a fax." } };
  },
});
