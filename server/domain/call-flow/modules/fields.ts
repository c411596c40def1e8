import { z } from "zod";

/**
 * The building blocks of the module schemas, and the rules about module keys every module
 * type shares. Each module type's own schema lives in its file beside this one.
 *
 * Schemas only check, never transform: no defaults, no coercion, no trimming, so what passes is
 * stored and returned exactly as sent. Objects are strict because an unknown field is almost
 * always a typo (`nomach`) that would otherwise silently drop a route. Messages are phrased to
 * follow the field's name ("must be ..."), which is how forms display them beside the field.
 */

/** The `noanswer` value of a dialbyextension module that sends the caller to the dialled
 * user's own mailbox instead of a module. */
export const SIPUSER_VOICEMAIL = "sipuser_voicemail";

export const MODULE_KEY_MAX_LENGTH = 64;

/** Where a menu sends a caller whose input leads nowhere, or who gives none. */
export const MENU_FALLBACK_BRANCHES = ["invalid", "timeout"] as const;

export interface NumberFieldRange {
  /** The module type that has the field. */
  readonly module: string;
  readonly field: string;
  readonly min: number;
  readonly max: number;
  readonly defaultValue: number;
  readonly unit: "seconds";
  readonly description: string;
}

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** Whether a value has the shape of a module key, so that it is worth looking up. */
export function isModuleKeyText(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= MODULE_KEY_MAX_LENGTH;
}

/** Why a string cannot be a module key, as a full sentence, or null when it can. */
export function moduleKeyProblem(key: string): string | null {
  if (!isModuleKeyText(key)) return `A module key must be 1 to ${MODULE_KEY_MAX_LENGTH} characters long`;
  if (key === SIPUSER_VOICEMAIL) {
    return `The module key "${SIPUSER_VOICEMAIL}" is reserved: a dialbyextension "noanswer" uses it for the dialled user's voicemail`;
  }
  // JavaScript objects treat this key as their prototype, so it cannot round-trip.
  if (key === "__proto__") return 'The module key "__proto__" is not allowed';
  return null;
}

/** Zod error map giving one message for every way a field can be wrong, and saying so when
 * a required field is missing. Unknown fields keep zod's message naming the key. */
export function expecting(requirement: string) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code === "unrecognized_keys") return undefined;
    return issue.input === undefined ? `is required and ${requirement}` : requirement;
  };
}

export function moduleReference(alternative = "") {
  const error = expecting(`must be the key of a module in this flow (1 to ${MODULE_KEY_MAX_LENGTH} characters)${alternative}`);
  return z.string({ error }).min(1, { error }).max(MODULE_KEY_MAX_LENGTH, { error });
}

export function matching(pattern: RegExp, requirement: string) {
  const error = expecting(requirement);
  return z.string({ error }).regex(pattern, { error });
}

export function resourceUuid(resource: string) {
  return matching(UUID_PATTERN, `must be the UUID of ${resource}`);
}

export function optionalSeconds(range: NumberFieldRange) {
  const error = expecting(`must be a whole number of seconds from ${range.min} to ${range.max}`);
  return z.int({ error }).min(range.min, { error }).max(range.max, { error }).optional();
}

export function list<T extends z.ZodType>(item: T, max: number, items: string) {
  const error = expecting(`must be a list of 1 to ${max} ${items}`);
  return z.array(item, { error }).min(1, { error }).max(max, { error });
}

/** A menu's `next` object: each key the caller can choose, mapped to a module key. */
export function branches<const K extends string>(keys: readonly K[], description: string) {
  const shape = {} as Record<K, z.ZodOptional<ReturnType<typeof moduleReference>>>;
  for (const key of keys) shape[key] = moduleReference().optional();
  return z.strictObject(shape, { error: expecting(`must be an object mapping ${description} to module keys`) });
}

export const ZModuleKey = z.string().superRefine((key, context) => {
  const problem = moduleKeyProblem(key);
  if (problem !== null) context.addIssue({ code: "custom", message: problem, input: key });
});
