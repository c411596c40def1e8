import { z } from "zod";
import { describeChoice, hangup, ring, routeOrHangup } from "../simulated-call";
import { defineModuleType, secondsFieldText } from "./define";
import {
  branches,
  MENU_FALLBACK_BRANCHES,
  moduleReference,
  type NumberFieldRange,
  optionalSeconds,
  resourceUuid,
  SIPUSER_VOICEMAIL,
} from "./fields";

/** A dialbyextension menu routes the dialled number itself; only its fallbacks are modules. */
export const DIAL_BY_EXTENSION_BRANCH_KEYS = MENU_FALLBACK_BRANCHES;
export const DEFAULT_DIAL_WAIT_SECONDS = 10;
export const DEFAULT_DIAL_RING_SECONDS = 30;

export const DIAL_WAIT = {
  module: "dialbyextension",
  field: "wait_duration",
  min: 1,
  max: 60,
  defaultValue: DEFAULT_DIAL_WAIT_SECONDS,
  unit: "seconds",
  description: "How long the menu waits for an extension number before following timeout",
} as const satisfies NumberFieldRange;

export const DIAL_RING = {
  module: "dialbyextension",
  field: "dial_duration",
  min: 5,
  max: 300,
  defaultValue: DEFAULT_DIAL_RING_SECONDS,
  unit: "seconds",
  description: "How long the dialled extension rings before the call follows noanswer",
} as const satisfies NumberFieldRange;

export const ZDialByExtensionModule = z.strictObject({
  dial_duration: optionalSeconds(DIAL_RING),
  module: z.literal("dialbyextension"),
  next: branches(DIAL_BY_EXTENSION_BRANCH_KEYS, '"invalid" and "timeout"'),
  noanswer: moduleReference(`, or "${SIPUSER_VOICEMAIL}" for the dialled user's voicemail`),
  ringtone: resourceUuid("a sound or playlist"),
  sound: resourceUuid("a sound").optional(),
  wait_duration: optionalSeconds(DIAL_WAIT),
});
export type TDialByExtensionModule = z.infer<typeof ZDialByExtensionModule>;

export function effectiveDialWaitDuration(module: Pick<TDialByExtensionModule, "wait_duration">): number {
  return module.wait_duration ?? DEFAULT_DIAL_WAIT_SECONDS;
}

export function effectiveDialRingDuration(module: Pick<TDialByExtensionModule, "dial_duration">): number {
  return module.dial_duration ?? DEFAULT_DIAL_RING_SECONDS;
}

export const dialbyextension = defineModuleType({
  type: "dialbyextension",
  schema: ZDialByExtensionModule,
  routes: ["noanswer"],
  routeValuesNotModules: { noanswer: SIPUSER_VOICEMAIL },
  menu: {
    branches: DIAL_BY_EXTENSION_BRANCH_KEYS,
    unknownBranch: (key) => `"${key}" is not allowed: a dialbyextension menu only routes "invalid" and "timeout"`,
  },
  waitsForCaller: true,
  resources: [
    ["ringtone", ["sounds", "playlists"]],
    ["sound", ["sounds"]],
  ],
  label: "Dial by extension",
  help: "Lets the caller dial a SIP user's extension.",
  apiDetails: `\`noanswer\` may be \`${SIPUSER_VOICEMAIL}\` for the dialled user's own voicemail.`,
  apiSchemaName: "DialByExtensionModule",
  fieldTexts: {
    sound: { label: "Prompt (sound)", todo: "Choose a sound, or none" },
    ringtone: {
      label: "Hold music while ringing (sound or playlist)",
      todo: "Choose what callers hear while the extension rings",
    },
    wait_duration: secondsFieldText(DIAL_WAIT),
    dial_duration: secondsFieldText(DIAL_RING),
    next: { label: "Branches", todo: "Choose where each branch leads" },
    noanswer: {
      label: "When the dialled user does not answer",
      todo: "Choose where the call goes when the dialled user does not answer",
    },
  },
  newModule: { module: "dialbyextension", ringtone: "", noanswer: SIPUSER_VOICEMAIL, next: { invalid: "", timeout: "" } },
  simulate: (call, key, module) => {
    const sound = module.sound ? call.name("sounds", module.sound) : null;
    const dialable = [...call.resources.sipUsers.values()]
      .map((user) => ({ extension: user.extension, name: user.name }))
      .sort((a, b) => a.extension - b.extension);
    const choice = call.take();
    if (choice === undefined) return { pending: { kind: "prompt", moduleKey: key, keys: [], dialable } };
    const next = module.next as Record<string, string | undefined>;
    const sounds = call.sounds(module.sound);
    const prompt = call.listening(sounds);
    const base = { hears: sound ? [sound] : [], sounds, choice: describeChoice(choice), seconds: prompt };
    if (choice === "timeout" || !("dial" in choice)) {
      const wait = effectiveDialWaitDuration(module);
      call.step(key, "dialbyextension", `The caller is asked for an extension and dials nothing for ${wait} s.`, {
        ...base,
        seconds: prompt + wait,
      });
      return routeOrHangup(next.timeout, "Nothing was dialled and the module has no timeout route: the call hangs up.");
    }
    const user = [...call.resources.sipUsers.values()].find((candidate) => candidate.extension === choice.dial);
    if (!user) {
      call.step(key, "dialbyextension", `The caller dials ${choice.dial}, which is no SIP user's extension.`, base);
      return routeOrHangup(
        next.invalid,
        `${choice.dial} is not an extension and the module has no invalid-input route: the call hangs up.`,
      );
    }
    call.step(key, "dialbyextension", `The caller dials ${choice.dial} (${user.name}).`, base);
    const holdMusic = call.soundOrPlaylist(module.ringtone);
    const rang = ring(
      call,
      key,
      "dialbyextension",
      [`${user.name} (ext ${user.extension})`],
      effectiveDialRingDuration(module),
      [holdMusic],
      call.sounds(module.ringtone),
    );
    if ("pending" in rang) return { pending: rang.pending };
    if (rang.outcome === "answered")
      return { ending: { kind: "answered", description: `Answered by ${user.name} (ext ${user.extension}).` } };
    if (module.noanswer === SIPUSER_VOICEMAIL) {
      return user.hasMailbox
        ? { ending: { kind: "voicemail", description: `Voicemail: a message is left in ${user.name}'s personal mailbox.` } }
        : hangup(`${user.name} has no personal mailbox: the call hangs up.`);
    }
    return routeOrHangup(module.noanswer, "Nobody answered and the module has no no-answer route: the call hangs up.");
  },
  // Every SIP user's extension, one that is nobody's, and dialling nothing.
  promptChoices: (pending) => {
    const someone = pending.dialable.map((user) => ({ dial: user.extension }));
    return [...someone, { dial: unusedExtension(pending.dialable.map((user) => user.extension)) }, "timeout"];
  },
});

function unusedExtension(used: number[]): number {
  let candidate = 9999;
  while (used.includes(candidate)) candidate--;
  return candidate;
}
