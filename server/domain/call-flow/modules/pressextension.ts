import { z } from "zod";
import { describeChoice, routeOrHangup } from "../simulated-call";
import { defineModuleType, secondsFieldText } from "./define";
import { branches, MENU_FALLBACK_BRANCHES, type NumberFieldRange, optionalSeconds, resourceUuid } from "./fields";

/** Keys a caller can press in a pressextension (IVR) menu, plus its fallback routes. */
export const IVR_BRANCH_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", ...MENU_FALLBACK_BRANCHES] as const;
export const DEFAULT_IVR_WAIT_SECONDS = 10;

/** A menu waits at least 1 s for a key, and more than a minute of silence loses the caller. */
export const IVR_WAIT = {
  module: "pressextension",
  field: "duration",
  min: 1,
  max: 60,
  defaultValue: DEFAULT_IVR_WAIT_SECONDS,
  unit: "seconds",
  description: "How long the menu waits for a key before following timeout",
} as const satisfies NumberFieldRange;

export const ZPressExtensionModule = z.strictObject({
  duration: optionalSeconds(IVR_WAIT),
  module: z.literal("pressextension"),
  next: branches(IVR_BRANCH_KEYS, 'the keys 0-9, *, #, "invalid" and "timeout"'),
  sound: resourceUuid("a sound").optional(),
});
export type TPressExtensionModule = z.infer<typeof ZPressExtensionModule>;

export function effectiveIvrWaitDuration(module: Pick<TPressExtensionModule, "duration">): number {
  return module.duration ?? DEFAULT_IVR_WAIT_SECONDS;
}

const isKey = (branch: string) => branch !== "invalid" && branch !== "timeout";

export const pressextension = defineModuleType({
  type: "pressextension",
  schema: ZPressExtensionModule,
  routes: [],
  menu: {
    branches: IVR_BRANCH_KEYS,
    unknownBranch: (key) => `"${key}" is not a menu choice: use a single key 0-9, * or #, or "invalid" or "timeout"`,
  },
  waitsForCaller: true,
  // Without a prompt the caller hears silence and cannot know which keys to press.
  expectedField: {
    field: "sound",
    code: "menu.no-prompt",
    message: 'The menu has no prompt ("sound"): callers hear silence and do not know which keys to press',
  },
  resources: [["sound", ["sounds"]]],
  label: "IVR menu",
  help: "Routes by the key the caller presses.",
  apiDetails: `An IVR menu: \`next\` maps the keys 0-9, * and #, \`invalid\` and \`timeout\` to modules (wait \`duration\` defaults to ${DEFAULT_IVR_WAIT_SECONDS} s).`,
  apiSchemaName: "PressExtensionModule",
  fieldTexts: {
    sound: { label: "Menu prompt (sound)", todo: "Choose a sound, or none" },
    duration: secondsFieldText(IVR_WAIT),
    next: { label: "Branches", todo: "Choose where each key leads" },
  },
  newModule: { module: "pressextension", next: { "1": "", invalid: "", timeout: "" } },
  // The prompt callers hear; the graph lists the menu's keys under it.
  summary: (module, name) => name(module.sound),
  simulate: (call, key, module) => {
    const sound = module.sound ? call.name("sounds", module.sound) : null;
    const choice = call.take();
    const next = module.next as Record<string, string | undefined>;
    if (choice === undefined)
      return { pending: { kind: "prompt", moduleKey: key, keys: Object.keys(next).filter(isKey), dialable: [] } };
    const wait = effectiveIvrWaitDuration(module);
    const sounds = call.sounds(module.sound);
    const prompt = call.listening(sounds);
    const base = { hears: sound ? [sound] : [], sounds, choice: describeChoice(choice), seconds: prompt };
    if (choice === "timeout" || !("press" in choice)) {
      call.step(key, "pressextension", `The menu waits ${wait} s and nothing is pressed.`, { ...base, seconds: prompt + wait });
      return routeOrHangup(next.timeout, "Nothing was pressed and the menu has no timeout route: the call hangs up.");
    }
    const pressed = choice.press;
    const valid = (IVR_BRANCH_KEYS as readonly string[]).includes(pressed) && isKey(pressed);
    const route = valid ? next[pressed] : undefined;
    call.step(
      key,
      "pressextension",
      `The caller presses ${pressed}${route === undefined ? ", which the menu does not offer" : ""}.`,
      base,
    );
    if (route !== undefined) return { next: route };
    return routeOrHangup(
      next.invalid,
      `${pressed} is not on the menu and the menu has no invalid-input route: the call hangs up.`,
    );
  },
  // Every key on offer, one key that is not, and pressing nothing.
  promptChoices: (pending, module) => {
    const next = module.next as Record<string, string | undefined>;
    const offered = pending.keys.map((key) => ({ press: key }));
    const invalidKey = IVR_BRANCH_KEYS.find((key) => isKey(key) && next[key] === undefined);
    return [...offered, ...(invalidKey ? [{ press: invalidKey }] : []), "timeout"];
  },
});
