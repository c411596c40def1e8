import { describe, expect, it } from "vitest";
import { MODULE_FORMS } from "@/components/flow-editor/module-forms";
import {
  MODULE_REGISTRY,
  MODULE_TYPES,
  moduleTypeDefinition,
  moduleTypeOf,
  type ModuleType,
  type TFlowMap,
} from "@/server/domain/call-flow";
import { Call, type SimulationResources } from "@/server/domain/call-flow/simulated-call";
import { openApiDocument } from "@/server/rest/openapi";
import { everyModuleFlow, faxFlow } from "./call-flow-fixtures";

// The registry is the one place a module type is defined; these checks make a new entry
// complete everywhere the code reads it, and keep the editor's forms in step with it.

const EXAMPLES: TFlowMap = { ...everyModuleFlow().flow, ...faxFlow().flow } as unknown as TFlowMap;

function exampleOf(type: ModuleType) {
  const example = Object.values(EXAMPLES).find((module) => moduleTypeOf(module.module) === type);
  if (example === undefined) throw new Error(`no ${type} module in the fixtures`);
  return example;
}

const NO_RESOURCES: SimulationResources = {
  sipUsers: new Map(),
  huntGroups: new Map(),
  sounds: new Map(),
  playlists: new Map(),
  mailboxes: new Map(),
  trunks: new Map(),
};

const schemas = openApiDocument.components.schemas as Record<
  string,
  { description?: string; properties?: Record<string, unknown> }
>;

describe("the module-type registry", () => {
  it("has one entry per module type, under its own name", () => {
    expect(Object.keys(MODULE_REGISTRY)).toEqual([...MODULE_TYPES]);
    for (const type of MODULE_TYPES) expect(MODULE_REGISTRY[type].type).toBe(type);
  });

  it("gives every module type a form in the editor, and the editor has no form for anything else", () => {
    expect(Object.keys(MODULE_FORMS).sort()).toEqual([...MODULE_TYPES].sort());
    for (const type of MODULE_TYPES) expect(MODULE_FORMS[type], type).toBeTypeOf("function");
  });

  it.each(MODULE_TYPES)("gives %s a simulator step that passes the call on, ends it or waits for a decision", (type) => {
    const call = new Call(EXAMPLES, NO_RESOURCES, { callerId: "441234567890", choices: [] });
    const transition = moduleTypeDefinition(type).simulate(call, "here", exampleOf(type));
    if ("pending" in transition) {
      expect(transition.pending.moduleKey).toBe("here");
    } else {
      expect(call.steps.map((step) => [step.moduleKey, step.module])).toEqual([["here", type]]);
      expect("next" in transition || "ending" in transition).toBe(true);
    }
  });

  it.each(MODULE_TYPES)("gives %s an OpenAPI schema, described by its help text and named in the discriminator", (type) => {
    const definition = moduleTypeDefinition(type);
    const schema = schemas[definition.apiSchemaName];
    expect(schema?.description).toMatch(new RegExp(`^${definition.help.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(Object.keys(definition.schema.shape).sort());
    const flowModule = schemas.FlowModule as unknown as { discriminator: { mapping: Record<string, string> } };
    expect(flowModule.discriminator.mapping[type]).toBe(`#/components/schemas/${definition.apiSchemaName}`);
  });

  it.each(MODULE_TYPES)("names only fields of the %s schema as routes, resources, field texts and template", (type) => {
    const definition = moduleTypeDefinition(type);
    const fields = Object.keys(definition.schema.shape);
    const named = [
      ...definition.routes,
      ...(definition.menu ? ["next"] : []),
      ...definition.resources.map(([field]) => field),
      ...Object.keys(definition.fieldTexts),
      ...Object.keys(definition.newModule),
    ];
    for (const field of named) expect(fields, `${type}.${field}`).toContain(field);
    expect(moduleTypeOf(definition.newModule.module)).toBe(type);
  });
});
