import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "../text";
import { expecting, ZFlowMap } from "./modules";

/**
 * The call-flow document as the provider's create and update requests carry it. The read-only
 * fields of its responses (`uuid`, `created_on`, `updated_on`) are not part of it: the object is
 * strict like the modules, so a misspelt option is reported instead of dropped.
 */

/** The most modules a flow may have. */
export const MAX_MODULES = 500;
/** The largest flow map, in UTF-8 bytes of its JSON text (`JSON.stringify(flow)`). */
export const MAX_FLOW_JSON_BYTES = 256 * 1024;
/** The most caller-ID patterns in one flow, all modules together. Checking a pattern never
 * seen before costs up to a few tenths of a millisecond, so this caps a flow made of distinct
 * patterns at a fraction of a second; real flows use a few dozen. */
export const MAX_CALLER_ID_PATTERNS_PER_FLOW = 500;
export const NAME_MAX_LENGTH = 100;

const nameRequirement = `must be 1 to ${NAME_MAX_LENGTH} characters and not only spaces`;

export const ZCallFlowName = z
  .string({ error: expecting(nameRequirement) })
  .max(NAME_MAX_LENGTH, { error: nameRequirement })
  .refine((name) => name.trim().length > 0, { error: nameRequirement })
  .refine(NO_CONTROL_CHARACTERS.check, { error: NO_CONTROL_CHARACTERS.message });

/** Any whole number here; the account's range is checked by `validateCallFlow`, which knows it. */
export const ZCallFlowExtension = z.int({ error: expecting("must be a whole number") });

const option = (meaning: string) => z.boolean({ error: `must be true or false (${meaning})` }).optional();

const settingsShape = {
  extension: ZCallFlowExtension,
  name: ZCallFlowName,
  show_call_route_name: option("whether the flow's name is added to the forwarded caller ID"),
  show_original_caller_id: option("whether the forwarded caller ID is the caller's or the called number"),
};

/** Everything but the flow map, for a settings form. */
export const ZCallFlowSettings = z.strictObject(settingsShape);
export type TCallFlowSettings = z.infer<typeof ZCallFlowSettings>;

/** The whole document, field by field. Cross-module rules: see `validateCallFlow`. */
export const ZCallFlowInput = z.strictObject({ ...settingsShape, flow: ZFlowMap });
export type TCallFlowInput = z.infer<typeof ZCallFlowInput>;
