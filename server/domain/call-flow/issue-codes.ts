import type { ModuleType } from "./modules";
import type { FieldPath, ResourceKind } from "./references";

/**
 * A stable code for every rule `validateCallFlow` applies, with the facts each rule found. The
 * REST API and tRPC keep sending the provider's `{path, message}`; the portal translates codes
 * into sentences for people (components/flow-editor/issue-messages.ts), so a rule added here
 * without a translation fails the type check and the unit tests.
 */
export interface FlowIssueParams {
  /** The request body is not a JSON object. */
  "document.not-object": Record<string, never>;
  /** A field of the settings or of a module (`module` names its type) fails its schema. */
  "field.invalid": { module: ModuleType | null; missing: boolean };
  /** A field the settings or the module type does not have (`module` names its type). */
  "field.unknown": { module: ModuleType | null; name: string; routeOnTerminating: boolean };
  "pattern.invalid": { reason: string };
  "pattern.unsafe": { hazard: string };
  "extension.out-of-range": { min: number; max: number };
  "flow.missing": Record<string, never>;
  "flow.not-object": Record<string, never>;
  "flow.too-many-modules": { count: number; max: number };
  "flow.too-many-patterns": { count: number; max: number };
  "flow.not-plain-json": Record<string, never>;
  "flow.too-large": { bytes: number; max: number };
  "module.key-invalid": Record<string, never>;
  "module.not-object": Record<string, never>;
  "module.type-invalid": { missing: boolean };
  /** A route naming a module key the flow does not have. */
  "route.unknown-target": { module: ModuleType };
  "start.missing": Record<string, never>;
  "start.duplicate": { firstStart: string };
  "fax.not-alone": { others: number };
  "fax.start-not-to-fax": { fax: string };
  /** `loop` lists the module keys around the loop, first one repeated at the end. */
  "loop.endless": { module: ModuleType; loop: readonly string[] };
  "resource.not-found": { module: ModuleType; kinds: readonly ResourceKind[] };
  "module.unreachable": { module: ModuleType };
  "menu.no-invalid": { module: ModuleType };
  "menu.no-timeout": { module: ModuleType };
  "extension.no-noanswer": Record<string, never>;
  /** An IVR menu without a prompt: callers hear nothing to choose from. */
  "menu.no-prompt": Record<string, never>;
}

export type FlowIssueCode = keyof FlowIssueParams;

// A record rather than a list, so that the compiler refuses a code left out.
const CODES: Readonly<Record<FlowIssueCode, true>> = {
  "document.not-object": true,
  "field.invalid": true,
  "field.unknown": true,
  "pattern.invalid": true,
  "pattern.unsafe": true,
  "extension.out-of-range": true,
  "flow.missing": true,
  "flow.not-object": true,
  "flow.too-many-modules": true,
  "flow.too-many-patterns": true,
  "flow.not-plain-json": true,
  "flow.too-large": true,
  "module.key-invalid": true,
  "module.not-object": true,
  "module.type-invalid": true,
  "route.unknown-target": true,
  "start.missing": true,
  "start.duplicate": true,
  "fax.not-alone": true,
  "fax.start-not-to-fax": true,
  "loop.endless": true,
  "resource.not-found": true,
  "module.unreachable": true,
  "menu.no-invalid": true,
  "menu.no-timeout": true,
  "extension.no-noanswer": true,
  "menu.no-prompt": true,
};

/** Every code, for tests and tables that must cover them all. */
export const FLOW_ISSUE_CODES = Object.keys(CODES) as readonly FlowIssueCode[];

/** One issue with its rule's code and facts. `moduleKey` is the module it is about (null for
 * the document and the flow as a whole) and `field` the path inside that module, or inside the
 * settings when `moduleKey` is null. */
export type FlowDiagnostic = {
  [C in FlowIssueCode]: {
    code: C;
    params: FlowIssueParams[C];
    path: string;
    message: string;
    moduleKey: string | null;
    field: FieldPath;
  };
}[FlowIssueCode];

export interface FlowDiagnosis {
  errors: FlowDiagnostic[];
  warnings: FlowDiagnostic[];
}
