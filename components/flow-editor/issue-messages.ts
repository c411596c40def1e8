import {
  MODULE_REGISTRY,
  MODULE_SCHEMAS,
  moduleTypeOf,
  type FlowDiagnostic,
  type FlowIssueCode,
  type ModuleType,
  type ResourceKind,
  type TCallFlowSettings,
} from "@/server/domain/call-flow";
import { moduleFieldText, SETTINGS_FIELD_TEXTS, type FieldText } from "./field-labels";

/**
 * The one place where the call-flow rules' issues become sentences for people: the module by
 * its name in the editor ("Caller ID match 2"), the field by its form label, and what to do.
 * The REST API keeps the provider's paths and messages; nothing here reaches it.
 */

type Flow = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Names every module by its type's title and its position among the modules of that type
 * ("Caller ID match 2"); a lone Start is just "Start". Positions follow the flow's order, so a
 * module keeps its name while others are added after it. */
export function moduleNames(flow: Flow): Map<string, string> {
  const entries = Object.entries(flow).map(([key, module]) => [key, moduleTypeOf(module.module)] as const);
  const totals = new Map<ModuleType | undefined, number>();
  for (const [, type] of entries) totals.set(type, (totals.get(type) ?? 0) + 1);
  const seen = new Map<ModuleType | undefined, number>();
  return new Map(
    entries.map(([key, type]) => {
      const position = (seen.get(type) ?? 0) + 1;
      seen.set(type, position);
      const title = type ? MODULE_REGISTRY[type].label : "Unknown module";
      return [key, type === "start" && totals.get(type) === 1 ? title : `${title} ${position}`];
    }),
  );
}

/** An issue as the editor shows it. `field` is the dotted path inside its module (or the
 * settings), where the form shows `text` beside the field. */
export type PeopleIssue = {
  moduleKey: string | null;
  field: string;
  /** The module's name, or "Flow settings" / "The flow". */
  place: string;
  /** The field's form label, when the issue is about one field. */
  fieldLabel: string | null;
  /** What is wrong and what to do, as one or two sentences. */
  text: string;
};

type MessageContext = { flow: Flow; names: ReadonlyMap<string, string> };

/** A resource kind as people call one of it. */
export const RESOURCE_NOUNS: Readonly<Record<ResourceKind, string>> = {
  sipUsers: "SIP user",
  huntGroups: "hunt group",
  sounds: "sound",
  playlists: "playlist",
  mailboxes: "mailbox",
  trunks: "trunk",
};

type Issue<C extends FlowIssueCode> = Extract<FlowDiagnostic, { code: C }>;
type Compose<C extends FlowIssueCode> = (issue: Issue<C>, field: FieldText | null, context: MessageContext) => string;

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const todoOf = (field: FieldText | null, fallback: string) => sentence(field?.todo ?? fallback);
const titleOf = (type: ModuleType | null) => (type ? MODULE_REGISTRY[type].label : "call flow");
/** "1 warning", "2 warnings". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** Every rule's message; the type makes sure no code is left without one. */
export const PEOPLE_MESSAGES: { readonly [C in FlowIssueCode]: Compose<C> } = {
  "document.not-object": () => "The flow could not be read. In the JSON tab, paste an object with name, extension and flow.",
  "field.invalid": (_, field) => todoOf(field, "Correct this value in the JSON tab"),
  "field.unknown": ({ params }) =>
    params.routeOnTerminating && params.module
      ? `A ${titleOf(params.module)} module ends the call, so it cannot go on to another step. Remove "${params.name}" in the JSON tab.`
      : `"${params.name}" is not a setting of a ${titleOf(params.module)}${params.module ? " module" : ""}. Remove it in the JSON tab.`,
  "pattern.invalid": ({ params }) =>
    `This is not a valid pattern${params.reason ? ` (${params.reason})` : ""}. Correct it: for example ^44800 matches numbers starting 44800.`,
  "pattern.unsafe": ({ params }) =>
    `This pattern could make the phone system very slow: ${params.hazard}. Write it so each character can match only one way, for example ^a+$ rather than ^(a+)+$.`,
  "extension.out-of-range": ({ params }) =>
    `Choose an extension from ${params.min} to ${params.max}, this account's range for call flows.`,
  "flow.missing": () => "The flow has no modules. In the JSON tab, add a flow with a Start module.",
  "flow.not-object": () => "The flow's modules could not be read. Correct them in the JSON tab.",
  "flow.too-many-modules": ({ params }) => `The flow has ${params.count} modules. Remove some to get to ${params.max} or fewer.`,
  "flow.too-many-patterns": ({ params }) =>
    `The flow has ${params.count} caller ID patterns. Remove some to get to ${params.max} or fewer.`,
  "flow.not-plain-json": () => "The flow holds data that is not plain JSON. Correct it in the JSON tab.",
  "flow.too-large": ({ params }) =>
    `The flow is ${Math.ceil(params.bytes / 1024)} KB. Remove modules or patterns to get under ${Math.floor(params.max / 1024)} KB.`,
  "module.key-invalid": () => "This module's id cannot be used. In the JSON tab, give it an id of 1 to 64 characters.",
  "module.not-object": () => "This module could not be read. Correct it in the JSON tab.",
  "module.type-invalid": ({ params }) =>
    params.missing
      ? 'This module has no type. In the JSON tab, set its "module" field.'
      : "This module's type is not one the portal knows. Correct it in the JSON tab.",
  "route.unknown-target": (_, field) => `This leads to a step that is not in this flow. ${todoOf(field, "Choose another step")}`,
  "start.missing": () => "The flow has no Start. In the JSON tab, add a Start module, or create a new flow.",
  "start.duplicate": ({ params }, _, { names }) =>
    `A flow has only one Start, and ${names.get(params.firstStart) ?? "another module"} is it. Delete this one.`,
  "fax.not-alone": ({ params }) =>
    `A Fax module must be the only step after Start, but the flow has ${plural(params.others, "other module")}. Delete them, or delete the fax.`,
  "fax.start-not-to-fax": ({ params }, _, { names }) =>
    `A flow that receives faxes goes straight from Start to the fax. Choose ${names.get(params.fax) ?? "the Fax module"} here.`,
  "loop.endless": ({ params }, _, { names }) =>
    `This closes a loop that repeats forever without waiting for the caller or ringing anyone: ${params.loop
      .map((key) => names.get(key) ?? "a module")
      .join(" → ")}. Send the loop through an IVR menu or a Ring module, or end it.`,
  "resource.not-found": ({ params }, field) =>
    `The ${params.kinds.map((kind) => RESOURCE_NOUNS[kind]).join(" or ")} chosen here is not on this account. ${todoOf(field, "Choose another one")}`,
  "module.unreachable": () => "No call reaches this module. Connect it from another step, or delete it.",
  "menu.no-invalid": () => 'Add an "On invalid input" branch: a caller who presses a key without a route has nowhere to go.',
  "menu.no-timeout": () => 'Add an "On timeout" branch: a caller who presses nothing has nowhere to go.',
  "extension.no-noanswer": () => "Choose where the call goes when nobody answers; without it, the call hangs up.",
  "menu.no-prompt": () => "Choose a menu prompt: without one, callers hear silence and do not know which keys to press.",
};

function fieldTextOf(issue: FlowDiagnostic, flow: Flow): FieldText | null {
  if (issue.moduleKey === null) {
    const [name] = issue.field;
    return issue.field.length === 1 && Object.hasOwn(SETTINGS_FIELD_TEXTS, String(name))
      ? SETTINGS_FIELD_TEXTS[name as keyof TCallFlowSettings]
      : null;
  }
  const module = flow[issue.moduleKey];
  const type = moduleTypeOf(module?.module);
  if (!module || !type || issue.field.length === 0 || !Object.hasOwn(MODULE_SCHEMAS[type].shape, String(issue.field[0])))
    return null;
  return moduleFieldText(type, module, issue.field);
}

/** One issue of `diagnoseCallFlow` in people's words. */
export function peopleIssue(issue: FlowDiagnostic, context: MessageContext): PeopleIssue {
  const field = fieldTextOf(issue, context.flow);
  const compose = PEOPLE_MESSAGES[issue.code] as Compose<FlowIssueCode>;
  const place =
    issue.moduleKey !== null
      ? (context.names.get(issue.moduleKey) ?? "A module")
      : issue.field[0] === "flow" || issue.field.length === 0
        ? "The flow"
        : "Flow settings";
  return {
    moduleKey: issue.moduleKey,
    field: issue.field.join("."),
    place,
    fieldLabel: field?.label ?? null,
    text: compose(issue, field, context),
  };
}
