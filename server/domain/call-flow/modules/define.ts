import type { z } from "zod";
import type { ModuleFields, ResourceKind, ResourceReference } from "../references";
import type { Call, PendingDecision, ScenarioChoice, Transition } from "../simulated-call";
import type { NumberFieldRange } from "./fields";

/**
 * What one module type is, in one place: its schema, where it routes and which resources it
 * uses, how people and the API documentation name it, what the editor adds, and what it does to
 * a simulated call. The validator, the simulator, the OpenAPI document, the editor and templates
 * read these entries instead of switching on the type, so a new module type is a new entry (and
 * its form in the editor).
 */

/** A field as the editor's form labels it, and what to do when it is wrong, in the user's words. */
export type FieldText = { readonly label: string; readonly todo: string };

/** A field that names account resources (a UUID, or a list of them), and the kinds it accepts. */
export type ResourceField = readonly [field: string, kinds: readonly ResourceKind[]];

/** A menu keeps its routes in a `next` object keyed by what the caller chose. */
interface MenuRoutes {
  readonly branches: readonly string[];
  /** Why `key` cannot be a branch of this menu, as a full sentence. */
  readonly unknownBranch: (key: string) => string;
}

/** The fields of a module of this type, `module` aside. */
export type ModuleFieldName<S extends z.ZodObject> = Exclude<keyof z.infer<S>, "module">;

export interface ModuleTypeDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** As the `module` field carries it. */
  readonly type: T;
  /** Other spellings the `module` field accepts; kept as sent. */
  readonly aliases?: readonly string[];
  readonly schema: S;

  /** Fields that route to another module, in the order the form shows them. */
  readonly routes: readonly string[];
  /** Route values that name no module of the flow (`sipuser_voicemail`), by field. */
  readonly routeValuesNotModules?: Readonly<Record<string, string>>;
  readonly menu?: MenuRoutes;
  /** Whether the module waits for the caller or rings someone, so a loop through it is one the
   * caller can repeat rather than an endless spin. */
  readonly waitsForCaller?: boolean;
  /** A field the module works without but that callers usually need (a route, a menu's prompt):
   * a warning when absent. */
  readonly expectedField?: {
    readonly field: string;
    readonly code: "extension.no-noanswer" | "menu.no-prompt";
    readonly message: string;
  };

  readonly resources: readonly ResourceField[];
  /** Resources named deeper inside the module than its own fields (an extension's targets). */
  readonly nestedResources?: (module: ModuleFields) => ResourceReference[];
  /** What an object inside the module is, for naming its fields in messages (an extension's
   * targets): its owner ("a sipuser target") and its fields, or undefined. */
  readonly nestedObject?: (
    module: ModuleFields,
    path: readonly (string | number)[],
  ) => { owner: string; fields: readonly string[] } | undefined;
  /** The caller-ID patterns the module matches, counted against the flow's limit. */
  readonly callerIdPatterns?: (module: ModuleFields) => readonly unknown[];

  /** How the portal names the type. */
  readonly label: string;
  /** What it does, in the user's words: the form's hint and the start of the API description. */
  readonly help: string;
  /** What the API reader needs besides `help`: field names, defaults, spellings. */
  readonly apiDetails?: string;
  /** The name of its schema in the OpenAPI document. */
  readonly apiSchemaName: string;
  readonly fieldTexts: { readonly [F in ModuleFieldName<S>]: FieldText };
  /** The module as the editor first adds it: the required fields, nothing assumed. */
  readonly newModule: Readonly<{ module: T } & Record<string, unknown>>;
  /** A short line under the module in the editor's graph; `name` names a resource. */
  readonly summary?: (module: ModuleFields, name: (uuid: unknown) => string) => string;

  /** What the module does to a simulated call. */
  readonly simulate: (call: Call, key: string, module: z.infer<S>) => Transition;
  /** The choices worth exploring when the call waits at this module's prompt. */
  readonly promptChoices?: (pending: Extract<PendingDecision, { kind: "prompt" }>, module: z.infer<S>) => ScenarioChoice[];
}

/** One module type's entry; checks the entry against its schema's fields. */
export function defineModuleType<const T extends string, S extends z.ZodObject>(
  definition: ModuleTypeDefinition<T, S>,
): ModuleTypeDefinition<T, S> {
  return definition;
}

/** The label of a module's single route. */
export const THEN_GO_TO = "Then go to";

/** The text of a field holding a number of seconds within `range`. */
export function secondsFieldText(range: NumberFieldRange): FieldText {
  return {
    label: `${range.description} (seconds)`,
    todo: `Enter a whole number of seconds from ${range.min} to ${range.max}, or leave it empty for ${range.defaultValue}`,
  };
}
