import { describe, expect, it } from "vitest";
import {
  DEFAULT_BUSY_TONE_SECONDS,
  DEFAULT_DIAL_RING_SECONDS,
  DEFAULT_DIAL_WAIT_SECONDS,
  DEFAULT_IVR_WAIT_SECONDS,
  DEFAULT_RING_DURATION_SECONDS,
  MODULE_SCHEMAS,
  MODULE_TYPES,
  NUMBER_FIELD_RANGES,
  ZExtensionModule,
  ZFlowMap,
  ZFlowModule,
  ZModuleKey,
  effectiveBusyToneDuration,
  effectiveDialRingDuration,
  effectiveDialWaitDuration,
  effectiveIvrWaitDuration,
  effectiveRingDuration,
  moduleTypeOf,
} from "@/server/domain/call-flow";
import { IDS, everyModuleFlow, faxFlow } from "./call-flow-fixtures";

const EXAMPLE_MODULES: Record<string, Record<string, unknown>> = { ...everyModuleFlow().flow, ...faxFlow().flow };
const exampleOf = (type: string) => {
  const example = Object.values(EXAMPLE_MODULES).find((module) => module.module === type);
  if (example === undefined) throw new Error(`no ${type} module in the fixture`);
  return example;
};

describe("documented defaults", () => {
  it("are the reference's values", () => {
    expect([
      DEFAULT_RING_DURATION_SECONDS,
      DEFAULT_IVR_WAIT_SECONDS,
      DEFAULT_BUSY_TONE_SECONDS,
      DEFAULT_DIAL_WAIT_SECONDS,
      DEFAULT_DIAL_RING_SECONDS,
    ]).toEqual([30, 10, 3, 10, 30]);
  });

  it("are what the effective-value helpers give for an absent field", () => {
    expect(effectiveRingDuration({})).toBe(30);
    expect(effectiveIvrWaitDuration({})).toBe(10);
    expect(effectiveBusyToneDuration({})).toBe(3);
    expect(effectiveDialWaitDuration({})).toBe(10);
    expect(effectiveDialRingDuration({})).toBe(30);
  });

  it("give way to a value the module sets", () => {
    expect(effectiveRingDuration({ duration: 45 })).toBe(45);
    expect(effectiveIvrWaitDuration({ duration: 5 })).toBe(5);
    expect(effectiveBusyToneDuration({ duration: 7 })).toBe(7);
    expect(effectiveDialWaitDuration({ wait_duration: 20 })).toBe(20);
    expect(effectiveDialRingDuration({ dial_duration: 60 })).toBe(60);
  });

  it("are never written into a parsed module", () => {
    const module = { extensions: [{ type: "sipuser", uuid: IDS.sipUser }], module: "extension" };
    expect(ZExtensionModule.parse(module)).toStrictEqual(module);
  });
});

describe("NUMBER_FIELD_RANGES", () => {
  it.each(Object.entries(NUMBER_FIELD_RANGES))("%s matches what the schema accepts", (_, range) => {
    const schema = MODULE_SCHEMAS[range.module];
    const withValue = (value: unknown) => schema.safeParse({ ...exampleOf(range.module), [range.field]: value }).success;
    expect([range.min, range.max, range.defaultValue].map(withValue)).toEqual([true, true, true]);
    expect([range.min - 1, range.max + 1, range.min + 0.5, String(range.min)].map(withValue)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("covers every number field of every module", () => {
    const numberFields = Object.values(NUMBER_FIELD_RANGES).map((range) => `${range.module}.${range.field}`);
    expect(numberFields.sort()).toEqual([
      "busy.duration",
      "dialbyextension.dial_duration",
      "dialbyextension.wait_duration",
      "extension.duration",
      "pressextension.duration",
    ]);
  });
});

describe("module schemas", () => {
  it.each(MODULE_TYPES)("ZFlowModule accepts the documented %s module unchanged", (type) => {
    const module = exampleOf(type);
    expect(ZFlowModule.parse(module)).toStrictEqual(module);
  });

  it("ZFlowModule rejects an unknown module type, naming the accepted ones", () => {
    const result = ZFlowModule.safeParse({ module: "hangup" });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["module"], message: expect.stringContaining("must be one of start, recording") }),
    ]);
  });

  it("rejects a field the module does not have, naming it", () => {
    const result = MODULE_SCHEMAS.calleridmatch.safeParse({ ...exampleOf("calleridmatch"), nomach: "busy" });
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: "unrecognized_keys", keys: ["nomach"] })]);
  });

  it("maps both spellings of the trunk module to one type", () => {
    expect([moduleTypeOf("Trunk"), moduleTypeOf("trunk"), moduleTypeOf("TRUNK"), moduleTypeOf("toString")]).toEqual([
      "Trunk",
      "Trunk",
      undefined,
      undefined,
    ]);
  });

  it("accepts module keys of 1 to 64 characters other than the reserved one", () => {
    expect(["k", "k".repeat(64), "9085aa47-0ff0-4fd0-9c80-6077e1f475c2"].map((key) => ZModuleKey.safeParse(key).success)).toEqual(
      [true, true, true],
    );
    expect(["", "k".repeat(65), "sipuser_voicemail"].map((key) => ZModuleKey.safeParse(key).success)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("ZFlowMap parses the documented modules unchanged", () => {
    const { flow } = everyModuleFlow();
    expect(ZFlowMap.parse(flow)).toStrictEqual(flow);
  });
});
