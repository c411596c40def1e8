import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODULE_SCHEMAS, NUMBER_FIELD_RANGES, ZCallFlowInput, validateCallFlow } from "@/server/domain/call-flow";
import { type GeneratedFlow, type Module, validFlow } from "./call-flow-arbitraries";
import { FULL_ACCOUNT } from "./call-flow-fixtures";

const context = { resources: FULL_ACCOUNT };
const NUM_RUNS = 300;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** JSON with every object's keys sorted: equal for deeply equal data whatever the key order.
 * (Vitest's own equality would trip over a module keyed "constructor".) */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function copyOf(flow: GeneratedFlow): GeneratedFlow["document"] {
  return structuredClone(flow.document);
}

function moduleAt(document: GeneratedFlow["document"], key: string): Module {
  return document.flow[key] as Module;
}

describe("generated valid flows", () => {
  it("are accepted, stay unchanged, and round-trip through JSON and ZCallFlowInput", () => {
    fc.assert(
      fc.property(validFlow, ({ document }) => {
        const sent = JSON.stringify(document);
        expect(validateCallFlow(deepFreeze(document), context).errors).toEqual([]);
        expect(JSON.stringify(document)).toBe(sent);
        expect(JSON.stringify(JSON.parse(sent))).toBe(sent);
        expect(canonicalJson(ZCallFlowInput.parse(document))).toBe(canonicalJson(document));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("cover every module type", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(validFlow, ({ types }) => {
        for (const type of Object.values(types)) seen.add(type);
      }),
      { numRuns: NUM_RUNS },
    );
    expect([...seen].sort()).toEqual(Object.keys(MODULE_SCHEMAS).sort());
  });
});

describe("mutated flows", () => {
  it("dropping a routed-to module reports every route that pointed to it", () => {
    fc.assert(
      fc.property(validFlow, fc.nat(), (flow, pick) => {
        const dropped = flow.routes[pick % flow.routes.length]?.target as string;
        const document = copyOf(flow);
        delete document.flow[dropped];
        const { errors } = validateCallFlow(document, context);
        for (const route of flow.routes.filter((r) => r.target === dropped && r.path[1] !== dropped)) {
          expect(errors).toContainEqual({
            path: route.path.join("."),
            message: `"${route.path.slice(2).join(".")}" points to "${dropped}", which is not a module of this flow`,
          });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("renaming a reference reports exactly that reference", () => {
    fc.assert(
      fc.property(validFlow, fc.nat(), fc.string({ minLength: 1, maxLength: 64 }), (flow, pick, missing) => {
        fc.pre(!(missing in flow.document.flow) && missing !== "sipuser_voicemail");
        const route = flow.routes[pick % flow.routes.length];
        if (route === undefined) throw new Error("a generated flow always has a route");
        const document = copyOf(flow);
        const [, key, field, branch] = route.path as [string, string, string, string?];
        const owner = branch === undefined ? moduleAt(document, key) : (moduleAt(document, key)[field] as Module);
        owner[branch ?? field] = missing;
        expect(validateCallFlow(document, context).errors).toEqual([
          { path: route.path.join("."), message: expect.stringMatching(/points to .*, which is not a module of this flow$/s) },
        ]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("an unknown field is reported by name and path, whatever its value", () => {
    fc.assert(
      fc.property(validFlow, fc.nat(), fc.string({ minLength: 1 }), fc.jsonValue(), (flow, pick, field, value) => {
        const keys = Object.keys(flow.document.flow);
        const key = keys[pick % keys.length] as string;
        const type = flow.types[key];
        if (type === undefined) throw new Error("every generated module has a type");
        fc.pre(field !== "__proto__" && !(field in MODULE_SCHEMAS[type].shape));
        const document = copyOf(flow);
        moduleAt(document, key)[field] = value;
        expect(validateCallFlow(document, context).errors).toEqual([
          { path: `flow.${key}.${field}`, message: expect.stringContaining(`"${field}"`) },
        ]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("a number out of its range is reported at its field", () => {
    const ranges = Object.values(NUMBER_FIELD_RANGES);
    const outOfRange = (min: number, max: number) =>
      fc.oneof(
        fc.integer({ max: min - 1 }),
        fc.integer({ min: max + 1 }),
        fc.double({ min, max, noInteger: true }),
        fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, String(min), null, true),
      );
    fc.assert(
      fc.property(validFlow, fc.nat(), fc.constantFrom(...ranges), fc.nat(), (flow, pick, range, seed) => {
        const candidates = Object.keys(flow.document.flow).filter((key) => flow.types[key] === range.module);
        fc.pre(candidates.length > 0);
        const key = candidates[pick % candidates.length] as string;
        const value = fc.sample(outOfRange(range.min, range.max), { numRuns: 1, seed })[0];
        const document = copyOf(flow);
        moduleAt(document, key)[range.field] = value;
        expect(validateCallFlow(document, context).errors).toEqual([
          {
            path: `flow.${key}.${range.field}`,
            message: `"${range.field}" must be a whole number of seconds from ${range.min} to ${range.max}`,
          },
        ]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("any JSON written anywhere in a valid flow never makes the validator throw", () => {
    fc.assert(
      fc.property(validFlow, fc.array(fc.nat(), { maxLength: 4 }), fc.jsonValue(), (flow, steps, value) => {
        const document = copyOf(flow) as unknown;
        let parent: unknown = document;
        let key: string | undefined;
        for (const step of steps) {
          if (typeof parent !== "object" || parent === null) break;
          const keys = Object.keys(parent);
          if (keys.length === 0) break;
          key = keys[step % keys.length];
          const child: unknown = key === undefined ? undefined : (parent as Record<string, unknown>)[key];
          if (typeof child !== "object" || child === null) break;
          parent = child;
        }
        if (key !== undefined && typeof parent === "object" && parent !== null) (parent as Record<string, unknown>)[key] = value;
        const result = validateCallFlow(document, context);
        expect(Array.isArray(result.errors) && Array.isArray(result.warnings)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("arbitrary input", () => {
  it("never makes the validator throw, and every issue has a path and a message", () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withObjectString: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withUnicodeString: true,
      maxDepth: 5,
    });
    const flowShaped = fc.record({ name: anything, extension: anything, flow: fc.dictionary(fc.string(), anything) });
    const modulesShaped = fc.record({
      name: fc.constant("x"),
      extension: fc.constant(501),
      flow: fc.dictionary(
        fc.string(),
        fc.record(
          {
            module: fc.constantFrom(...Object.keys(MODULE_SCHEMAS), "trunk"),
            next: anything,
            patterns: anything,
            extensions: anything,
            mailboxes: anything,
          },
          { requiredKeys: ["module"] },
        ),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(anything, flowShaped, modulesShaped), (input) => {
        const { errors, warnings } = validateCallFlow(input, context);
        for (const issue of [...errors, ...warnings]) {
          expect(typeof issue.path).toBe("string");
          expect(issue.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reports a flow that cannot be serialised instead of throwing", () => {
    const flow: Record<string, unknown> = { start: { module: "start", next: "end" }, end: { module: "busy" } };
    flow.self = flow;
    expect(validateCallFlow({ name: "x", extension: 501, flow }, context).errors).toEqual([
      { path: "flow", message: '"flow" must be plain JSON data' },
    ]);
  });
});
