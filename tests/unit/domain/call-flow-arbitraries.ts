import fc from "fast-check";
import {
  IVR_BRANCH_KEYS,
  type ModuleType,
  NUMBER_FIELD_RANGES,
  type NumberFieldRange,
  TERMINATING_MODULE_TYPES,
} from "@/server/domain/call-flow";
import { IDS } from "./call-flow-fixtures";

/**
 * Random call flows that are valid on the account owning {@link IDS}, together with the list
 * of their routes so that properties can break them on purpose.
 *
 * Validity by construction: one start; modules that neither wait for the caller nor ring
 * anyone only route forward (so any loop passes through a menu or an extension); the last
 * module terminates; every value is in range and every resource belongs to the account.
 */

export type Module = Record<string, unknown>;
interface Route {
  /** Path of the routing field from the document root, e.g. `["flow", key, "next", "1"]`. */
  path: string[];
  target: string;
}
export interface GeneratedFlow {
  document: { name: string; extension: number; flow: Record<string, Module> } & Record<string, unknown>;
  types: Record<string, ModuleType>;
  routes: Route[];
}

/** Start and fax have fixed places (first; alone after start), so modules are drawn from the rest. */
type DrawnType = Exclude<ModuleType, "start" | "fax">;
const WAITING_TYPES: ReadonlySet<ModuleType> = new Set<ModuleType>(["extension", "pressextension", "dialbyextension"]);
const SAFE_PATTERNS = [
  "^44800",
  "9000$",
  "1483",
  "anonymous",
  "unavailable",
  "^\\+?44\\d+$",
  "^(\\+44|0)7\\d{9}$",
  "(?i)^private$",
];

const seconds = (range: NumberFieldRange) => fc.integer({ min: range.min, max: range.max });
const sound = fc.constantFrom(IDS.sound, IDS.whisper);
const soundOrPlaylist = fc.constantFrom(IDS.sound, IDS.whisper, IDS.playlist);
const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength, maxLength });
const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(7, 14)).map(([first, rest]) => `+${first}${rest}`);
const extensionTarget = fc.oneof(
  fc.record({ type: fc.constant("sipuser"), uuid: fc.constant(IDS.sipUser) }),
  fc.record({ type: fc.constant("huntgroup"), uuid: fc.constant(IDS.huntGroup) }),
  fc.record({ number: e164, type: fc.constant("forward") }),
);

/** Each module's fields other than its routes. */
const FIELDS: Record<DrawnType, fc.Arbitrary<Module>> = {
  recording: fc.record({ module: fc.constant("recording") }),
  musiconhold: fc.record({ class: fc.constant(IDS.playlist), module: fc.constant("musiconhold") }),
  calleridmatch: fc.record({
    module: fc.constant("calleridmatch"),
    patterns: fc.subarray(SAFE_PATTERNS, { minLength: 1 }),
  }),
  play: fc.record({ module: fc.constant("play"), sound }),
  extension: fc.record(
    {
      announcement: sound,
      duration: seconds(NUMBER_FIELD_RANGES.ringDuration),
      extensions: fc.array(extensionTarget, { minLength: 1, maxLength: 4 }),
      module: fc.constant("extension"),
      ringtone: soundOrPlaylist,
    },
    { requiredKeys: ["extensions", "module"] },
  ),
  pressextension: fc.record(
    { duration: seconds(NUMBER_FIELD_RANGES.ivrWait), module: fc.constant("pressextension"), sound },
    { requiredKeys: ["module"] },
  ),
  dialbyextension: fc.record(
    {
      dial_duration: seconds(NUMBER_FIELD_RANGES.dialRing),
      module: fc.constant("dialbyextension"),
      ringtone: soundOrPlaylist,
      sound,
      wait_duration: seconds(NUMBER_FIELD_RANGES.dialWait),
    },
    { requiredKeys: ["module", "ringtone"] },
  ),
  busy: fc.record({ duration: seconds(NUMBER_FIELD_RANGES.busyTone), module: fc.constant("busy") }, { requiredKeys: ["module"] }),
  voicemail: fc.record({ mailboxes: fc.constant([IDS.mailbox]), module: fc.constant("voicemail") }),
  conference: fc.record(
    { announcement: sound, module: fc.constant("conference"), music: fc.constant(IDS.playlist), pin: digits(4, 4) },
    { requiredKeys: ["module"] },
  ),
  Trunk: fc.record({ module: fc.constantFrom("Trunk", "trunk"), uuid: fc.constant(IDS.trunk) }),
};

const DRAWN_TYPES = Object.keys(FIELDS) as DrawnType[];
const ROUTING_TYPES = DRAWN_TYPES.filter((type) => !TERMINATING_MODULE_TYPES.has(type));
const END_TYPES = DRAWN_TYPES.filter((type) => TERMINATING_MODULE_TYPES.has(type));

type FieldPath = readonly string[];

/** Which routing fields a module fills, relative to the module. */
const routeFields = (type: DrawnType): fc.Arbitrary<readonly FieldPath[]> => {
  switch (type) {
    case "calleridmatch":
      return fc.constant<readonly FieldPath[]>([["match"], ["nomatch"]]);
    case "extension":
      return fc.subarray<FieldPath>([["noanswer"]]);
    case "pressextension":
      return fc.subarray<FieldPath>(IVR_BRANCH_KEYS.map((key) => ["next", key]));
    case "dialbyextension":
      return fc
        .tuple(
          fc.subarray<FieldPath>([
            ["next", "invalid"],
            ["next", "timeout"],
          ]),
          fc.boolean(),
        )
        .map(([branches, toModule]) => (toModule ? [...branches, ["noanswer"]] : branches));
    default:
      return fc.constant<readonly FieldPath[]>(TERMINATING_MODULE_TYPES.has(type) ? [] : [["next"]]);
  }
};

interface PlannedModule {
  type: DrawnType;
  fields: Module;
  routeFields: readonly FieldPath[];
  picks: number[];
}

const picks = fc.array(fc.nat(), { minLength: IVR_BRANCH_KEYS.length + 2, maxLength: IVR_BRANCH_KEYS.length + 2 });
const routingModule: fc.Arbitrary<PlannedModule> = fc
  .constantFrom(...ROUTING_TYPES)
  .chain((type) => fc.record({ type: fc.constant(type), fields: FIELDS[type], routeFields: routeFields(type), picks }));
const endModule: fc.Arbitrary<PlannedModule> = fc
  .constantFrom(...END_TYPES)
  .chain((type) => fc.record({ type: fc.constant(type), fields: FIELDS[type], routeFields: routeFields(type), picks }));

const moduleKey = fc
  .oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 64 }))
  .filter((key) => key !== "sipuser_voicemail" && key !== "__proto__");

const settings = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 100 }).filter((name) => name.trim().length > 0),
    extension: fc.integer({ min: 500, max: 999 }),
    show_call_route_name: fc.boolean(),
    show_original_caller_id: fc.boolean(),
  },
  { requiredKeys: ["name", "extension"] },
);

const routedFlow: fc.Arbitrary<GeneratedFlow> = fc.integer({ min: 1, max: 14 }).chain((count) =>
  fc
    .record({
      keys: fc.uniqueArray(moduleKey, { minLength: count + 1, maxLength: count + 1 }),
      middle: fc.array(fc.oneof({ arbitrary: routingModule, weight: 3 }, { arbitrary: endModule, weight: 1 }), {
        minLength: count - 1,
        maxLength: count - 1,
      }),
      last: endModule,
      startPick: fc.nat(),
      order: fc.shuffledSubarray([...Array(count + 1).keys()], { minLength: count + 1, maxLength: count + 1 }),
      settings,
    })
    .map(({ keys, middle, last, startPick, order, settings }) => {
      const key = (index: number) => keys[index] as string;
      const planned = [...middle, last];
      const modules: Module[] = [{ module: "start", next: key(1 + (startPick % count)) }];
      const types: ModuleType[] = ["start"];
      const routes: Route[] = [{ path: ["flow", key(0), "next"], target: key(1 + (startPick % count)) }];
      planned.forEach((plan, offset) => {
        const index = offset + 1;
        const module = structuredClone(plan.fields);
        if (plan.type === "pressextension" || plan.type === "dialbyextension") module.next = {};
        if (plan.type === "dialbyextension") module.noanswer = "sipuser_voicemail";
        plan.routeFields.forEach((field, n) => {
          const pick = plan.picks[n] ?? 0;
          const target = WAITING_TYPES.has(plan.type) ? key(pick % (count + 1)) : key(index + 1 + (pick % (count - index)));
          const [first = "", second] = field;
          if (second === undefined) module[first] = target;
          else (module[first] as Module)[second] = target;
          routes.push({ path: ["flow", key(index), ...field], target });
        });
        modules.push(module);
        types.push(plan.type);
      });
      const flow: Record<string, Module> = {};
      const typeByKey: Record<string, ModuleType> = {};
      for (const index of order) {
        flow[key(index)] = modules[index] as Module;
        typeByKey[key(index)] = types[index] as ModuleType;
      }
      return { document: { ...settings, flow }, types: typeByKey, routes };
    }),
);

const faxOnlyFlow: fc.Arbitrary<GeneratedFlow> = fc
  .record({ keys: fc.uniqueArray(moduleKey, { minLength: 2, maxLength: 2 }), settings })
  .map(({ keys: [start = "start", fax = "fax"], settings }) => ({
    document: { ...settings, flow: { [start]: { module: "start", next: fax }, [fax]: { module: "fax" } } },
    types: { [start]: "start", [fax]: "fax" },
    routes: [{ path: ["flow", start, "next"], target: fax }],
  }));

/** Valid flows of every module type, including the fax-only shape. */
export const validFlow: fc.Arbitrary<GeneratedFlow> = fc.oneof(
  { arbitrary: routedFlow, weight: 6 },
  { arbitrary: faxOnlyFlow, weight: 1 },
);
