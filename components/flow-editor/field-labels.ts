import {
  MAX_CALLER_ID_PATTERN_LENGTH,
  MAX_CALLER_ID_PATTERNS,
  MAX_EXTENSION_TARGETS,
  MAX_VOICEMAIL_MAILBOXES,
  NAME_MAX_LENGTH,
  NUMBER_FIELD_RANGES,
  type ModuleType,
  type NumberFieldRange,
  type TCallFlowSettings,
  type TFlowModule,
} from "@/server/domain/call-flow";

/**
 * Each field as the editor's forms label it, and what to do when it is wrong, in the user's
 * words. The forms take their labels from here and the issue messages name fields by them, so a
 * message always names the field as the form shows it.
 */
export type FieldText = { label: string; todo: string };

type FieldsOf<T extends ModuleType> = Exclude<keyof Extract<TFlowModule, { module: T | (T extends "Trunk" ? "trunk" : never) }>, "module">;

const seconds = (range: NumberFieldRange): FieldText => ({
  label: `${range.description} (seconds)`,
  todo: `Enter a whole number of seconds from ${range.min} to ${range.max}, or leave it empty for ${range.defaultValue}`,
});

const THEN_GO_TO = "Then go to";

export const SETTINGS_FIELD_TEXTS: Readonly<Record<keyof TCallFlowSettings, FieldText>> = {
  name: { label: "Name", todo: `Enter a name of 1 to ${NAME_MAX_LENGTH} characters` },
  extension: { label: "Extension", todo: "Enter the extension callers dial to reach this flow, a whole number" },
  show_call_route_name: { label: "Add the flow's name to the forwarded caller ID", todo: "Tick or clear the box" },
  show_original_caller_id: { label: "Forward the caller's own number (not the called number)", todo: "Tick or clear the box" },
};

export const MODULE_FIELD_TEXTS: { readonly [T in ModuleType]: Readonly<Record<FieldsOf<T>, FieldText>> } = {
  start: { next: { label: THEN_GO_TO, todo: "Choose where calls go first" } },
  recording: { next: { label: THEN_GO_TO, todo: "Choose where the call goes once recording starts" } },
  musiconhold: {
    class: { label: "Hold music playlist", todo: "Choose the playlist callers hear on hold" },
    next: { label: THEN_GO_TO, todo: "Choose where the call goes next" },
  },
  calleridmatch: {
    patterns: {
      label: "Patterns (regular expressions on the caller ID)",
      todo: `Enter between 1 and ${MAX_CALLER_ID_PATTERNS} patterns`,
    },
    match: { label: "When a pattern matches, go to", todo: "Choose where the call goes when a pattern matches" },
    nomatch: { label: "When no pattern matches, go to", todo: "Choose where the call goes when no pattern matches" },
  },
  play: {
    sound: { label: "Sound", todo: "Choose the sound to play" },
    next: { label: THEN_GO_TO, todo: "Choose where the call goes after the sound" },
  },
  extension: {
    extensions: { label: "Ring these", todo: `Add between 1 and ${MAX_EXTENSION_TARGETS} people, hunt groups or numbers to ring` },
    duration: seconds(NUMBER_FIELD_RANGES.ringDuration),
    ringtone: { label: "Ringtone (sound or playlist)", todo: "Choose a sound or playlist, or none" },
    announcement: { label: "Call whisper (sound)", todo: "Choose a sound, or none" },
    noanswer: { label: "When nobody answers, go to", todo: "Choose where the call goes when nobody answers" },
  },
  pressextension: {
    sound: { label: "Menu prompt (sound)", todo: "Choose a sound, or none" },
    duration: seconds(NUMBER_FIELD_RANGES.ivrWait),
    next: { label: "Branches", todo: "Choose where each key leads" },
  },
  dialbyextension: {
    sound: { label: "Prompt (sound)", todo: "Choose a sound, or none" },
    ringtone: {
      label: "Hold music while ringing (sound or playlist)",
      todo: "Choose what callers hear while the extension rings",
    },
    wait_duration: seconds(NUMBER_FIELD_RANGES.dialWait),
    dial_duration: seconds(NUMBER_FIELD_RANGES.dialRing),
    next: { label: "Branches", todo: "Choose where each branch leads" },
    noanswer: {
      label: "When the dialled user does not answer",
      todo: "Choose where the call goes when the dialled user does not answer",
    },
  },
  busy: { duration: seconds(NUMBER_FIELD_RANGES.busyTone) },
  voicemail: { mailboxes: { label: "Mailboxes", todo: `Choose between 1 and ${MAX_VOICEMAIL_MAILBOXES} mailboxes` } },
  conference: {
    pin: { label: "PIN", todo: "Enter exactly 4 digits, or leave it empty for no PIN" },
    announcement: { label: "Announcement on joining (sound)", todo: "Choose a sound, or none" },
    music: { label: "Music while alone (playlist)", todo: "Choose a playlist, or none" },
  },
  Trunk: { uuid: { label: "Trunk", todo: "Choose the trunk to send calls to" } },
  fax: {},
};

/** The label of a menu branch's route picker. */
export function branchLabel(key: string): string {
  if (key === "invalid") return "On invalid input";
  if (key === "timeout") return "On timeout";
  return `Key ${key}`;
}

function branchTodo(key: string): string {
  if (key === "invalid") return "Choose where the call goes when the caller's choice has no route";
  if (key === "timeout") return "Choose where the call goes when the caller presses nothing";
  return `Choose where the call goes when the caller presses ${key}`;
}

/** A module form's label for one of its fields. */
export function moduleFieldLabel<T extends ModuleType>(type: T, field: FieldsOf<T>): string {
  return (MODULE_FIELD_TEXTS[type] as Record<string, FieldText>)[field as string]?.label ?? String(field);
}

/**
 * The field at `path` inside a module of `type` (e.g. `["patterns", 0]`, `["next", "1"]`,
 * `["extensions", 2, "uuid"]`), as its form labels it; null for a field the form does not have.
 */
export function moduleFieldText(type: ModuleType, module: Readonly<Record<string, unknown>>, path: readonly (string | number)[]): FieldText | null {
  const [name, item, part] = path;
  const field = (MODULE_FIELD_TEXTS[type] as Readonly<Record<string, FieldText>>)[String(name)];
  if (field === undefined || !Object.hasOwn(MODULE_FIELD_TEXTS[type], String(name))) return null;
  if (item === undefined) return field;
  if (name === "next") return { label: branchLabel(String(item)), todo: branchTodo(String(item)) };
  const position = Number(item) + 1;
  if (name === "patterns") {
    return {
      label: `Pattern ${position}`,
      todo: `Enter a regular expression of 1 to ${MAX_CALLER_ID_PATTERN_LENGTH} characters, such as ^44800 for numbers starting 44800`,
    };
  }
  if (name === "extensions") {
    const target = Array.isArray(module.extensions) ? (module.extensions[Number(item)] as { type?: unknown } | undefined) : undefined;
    if (part === "number") {
      return { label: `Target ${position} number`, todo: "Enter the number in international format, such as +441632960000" };
    }
    if (part === "uuid") {
      const what = target?.type === "huntgroup" ? "hunt group" : "SIP user";
      return { label: `Target ${position} ${what}`, todo: `Choose the ${what} to ring` };
    }
    return { label: `Target ${position} type`, todo: "Choose a SIP user, a hunt group or a forward number" };
  }
  return field;
}
