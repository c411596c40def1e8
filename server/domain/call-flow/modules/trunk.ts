import { z } from "zod";
import { defineModuleType } from "./define";
import { resourceUuid } from "./fields";

/** The provider documents `Trunk`; `trunk` is accepted as well and kept as sent. */
const TRUNK_SPELLINGS = ["Trunk", "trunk"] as const;

export const ZTrunkModule = z.strictObject({
  module: z.literal(TRUNK_SPELLINGS),
  uuid: resourceUuid("a trunk"),
});
export type TTrunkModule = z.infer<typeof ZTrunkModule>;

export const trunk = defineModuleType({
  type: "Trunk",
  aliases: ["trunk"],
  schema: ZTrunkModule,
  routes: [],
  resources: [["uuid", ["trunks"]]],
  label: "Trunk",
  help: "Sends the call to a trunk of the account.",
  apiDetails: 'The provider spells it "Trunk"; "trunk" is accepted too.',
  apiSchemaName: "TrunkModule",
  fieldTexts: { uuid: { label: "Trunk", todo: "Choose the trunk to send calls to" } },
  newModule: { module: "Trunk", uuid: "" },
  summary: (module, name) => name(module.uuid),
  simulate: (call, key, module) => {
    const trunk = call.name("trunks", module.uuid);
    call.step(key, "Trunk", `The call is sent to trunk ${trunk}.`);
    return { ending: { kind: "trunk", description: `Sent to trunk ${trunk}.` } };
  },
});
