import {
  type FieldText,
  MAX_CALLER_ID_PATTERN_LENGTH,
  MODULE_REGISTRY,
  MODULE_TYPES,
  NAME_MAX_LENGTH,
  type ModuleType,
  SIPUSER_VOICEMAIL,
  type TCallFlowSettings,
} from "@/server/domain/call-flow";

/**
 * Each field as the editor's forms label it, and what to do when it is wrong, in the user's
 * words (a module's fields are written in its module type's registry entry). The forms take
 * their labels from here and the issue messages name fields by them, so a message always names
 * the field as the form shows it.
 */
export type { FieldText };

/** The fields of a module type that its form labels. */
export type ModuleFieldName<T extends ModuleType> = keyof (typeof MODULE_REGISTRY)[T]["fieldTexts"] & string;

export const SETTINGS_FIELD_TEXTS: Readonly<Record<keyof TCallFlowSettings, FieldText>> = {
  name: { label: "Name", todo: `Enter a name of 1 to ${NAME_MAX_LENGTH} characters` },
  extension: { label: "Extension", todo: "Enter the extension callers dial to reach this flow, a whole number" },
  show_call_route_name: { label: "Add the flow's name to the forwarded caller ID", todo: "Tick or clear the box" },
  show_original_caller_id: { label: "Forward the caller's own number (not the called number)", todo: "Tick or clear the box" },
};

/** Each module type's field texts, from its registry entry. */
export const MODULE_FIELD_TEXTS = Object.fromEntries(MODULE_TYPES.map((type) => [type, MODULE_REGISTRY[type].fieldTexts])) as {
  readonly [T in ModuleType]: (typeof MODULE_REGISTRY)[T]["fieldTexts"];
};

/** Route values that lead to no module of the flow, as the route pickers name them. */
export const SPECIAL_ROUTE_LABELS: Readonly<Record<string, string>> = {
  [SIPUSER_VOICEMAIL]: "The dialled user's own voicemail",
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
export function moduleFieldLabel<T extends ModuleType>(type: T, field: ModuleFieldName<T>): string {
  return (MODULE_FIELD_TEXTS[type] as Record<string, FieldText>)[field as string]?.label ?? String(field);
}

/**
 * The field at `path` inside a module of `type` (e.g. `["patterns", 0]`, `["next", "1"]`,
 * `["extensions", 2, "uuid"]`), as its form labels it; null for a field the form does not have.
 */
export function moduleFieldText(
  type: ModuleType,
  module: Readonly<Record<string, unknown>>,
  path: readonly (string | number)[],
): FieldText | null {
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
    const target = Array.isArray(module.extensions)
      ? (module.extensions[Number(item)] as { type?: unknown } | undefined)
      : undefined;
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
