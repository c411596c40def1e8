import { z } from "zod";
import { defineModuleType, secondsFieldText } from "./define";
import { type NumberFieldRange, optionalSeconds } from "./fields";

export const DEFAULT_BUSY_TONE_SECONDS = 3;

export const BUSY_TONE = {
  module: "busy",
  field: "duration",
  min: 1,
  max: 60,
  defaultValue: DEFAULT_BUSY_TONE_SECONDS,
  unit: "seconds",
  description: "How long the busy tone plays before hanging up",
} as const satisfies NumberFieldRange;

export const ZBusyModule = z.strictObject({
  duration: optionalSeconds(BUSY_TONE),
  module: z.literal("busy"),
});
export type TBusyModule = z.infer<typeof ZBusyModule>;

export function effectiveBusyToneDuration(module: Pick<TBusyModule, "duration">): number {
  return module.duration ?? DEFAULT_BUSY_TONE_SECONDS;
}

export const busy = defineModuleType({
  type: "busy",
  schema: ZBusyModule,
  routes: [],
  resources: [],
  label: "Busy tone",
  help: "Plays a busy tone and hangs up.",
  apiSchemaName: "BusyModule",
  fieldTexts: { duration: secondsFieldText(BUSY_TONE) },
  newModule: { module: "busy" },
  simulate: (call, key, module) => {
    const seconds = effectiveBusyToneDuration(module);
    call.step(key, "busy", `The caller hears a busy tone for ${seconds} s.`, { seconds });
    return { ending: { kind: "busy", description: `Busy tone for ${seconds} s, then the call hangs up.` } };
  },
});
