import { describe, expect, it } from "vitest";
import {
  MAX_CALLER_ID_PATTERNS_PER_FLOW,
  MAX_FLOW_JSON_BYTES,
  MAX_MODULES,
  type ValidationContext,
  validateCallFlow,
} from "@/server/domain/call-flow";
import {
  type EditableDocument,
  FULL_ACCOUNT,
  IDS,
  branchesOf,
  editableCopy,
  everyModuleFlow,
  faxFlow,
  moduleOf,
  modulesOf,
} from "./call-flow-fixtures";

type Module = Record<string, unknown>;

interface InvalidCase {
  title: string;
  /** The document to validate: the every-module flow unless stated, then mutated. */
  build: () => unknown;
  /** Exactly the errors expected, each with its path and words the message must contain. */
  errors: [path: string, message: RegExp][];
  context?: Partial<ValidationContext>;
}

function mutated(mutate: (document: EditableDocument) => void, base: object = everyModuleFlow()): () => EditableDocument {
  return () => {
    const document = editableCopy(base);
    mutate(document);
    return document;
  };
}

const RULES: Record<string, InvalidCase[]> = {
  "the document": [
    { title: "not an object", build: () => "Call Pete", errors: [["", /must be a JSON object/]] },
    { title: "an array", build: () => [], errors: [["", /must be a JSON object/]] },
    {
      title: "blank name",
      build: mutated((d) => (d.name = "   ")),
      errors: [["name", /^"name" must be 1 to 100 characters and not only spaces$/]],
    },
    {
      title: "name over 100 characters",
      build: mutated((d) => (d.name = "x".repeat(101))),
      errors: [["name", /^"name" must be 1 to 100 characters/]],
    },
    { title: "missing name", build: mutated((d) => delete d.name), errors: [["name", /^"name" is required/]] },
    {
      title: "extension outside the default range",
      build: mutated((d) => (d.extension = 1000)),
      errors: [["extension", /^"extension" must be from 500 to 999/]],
    },
    {
      title: "extension outside the account's range",
      build: mutated((d) => (d.extension = 777)),
      context: { extensionRange: { min: 2000, max: 2099 } },
      errors: [["extension", /^"extension" must be from 2000 to 2099/]],
    },
    {
      title: "fractional extension",
      build: mutated((d) => (d.extension = 501.5)),
      errors: [["extension", /^"extension" must be a whole number$/]],
    },
    {
      title: "extension as a string",
      build: mutated((d) => (d.extension = "501")),
      errors: [["extension", /^"extension" must be a whole number$/]],
    },
    { title: "missing flow", build: mutated((d) => delete d.flow), errors: [["flow", /^"flow" is required/]] },
    { title: "flow as a list", build: mutated((d) => (d.flow = [])), errors: [["flow", /^"flow" must be an object/]] },
    {
      title: "misspelt option",
      build: mutated((d) => (d.show_caller_route_name = true)),
      errors: [["show_caller_route_name", /^"show_caller_route_name" is not a field of a call flow/]],
    },
    {
      title: "option that is not a boolean",
      build: mutated((d) => (d.show_original_caller_id = "yes")),
      errors: [["show_original_caller_id", /^"show_original_caller_id" must be true or false/]],
    },
  ],
  "module keys and types": [
    {
      title: "key longer than 64 characters",
      build: mutated((d) => (modulesOf(d)["k".repeat(65)] = { module: "busy" })),
      errors: [[`flow.${"k".repeat(65)}`, /module key must be 1 to 64 characters/]],
    },
    {
      title: "empty key",
      build: mutated((d) => (modulesOf(d)[""] = { module: "busy" })),
      errors: [["flow.", /module key must be 1 to 64 characters/]],
    },
    {
      title: "key reserved for the dialled user's voicemail",
      build: mutated((d) => (modulesOf(d).sipuser_voicemail = { module: "busy" })),
      errors: [["flow.sipuser_voicemail", /"sipuser_voicemail" is reserved/]],
    },
    {
      title: "unknown module type",
      build: mutated((d) => (moduleOf(d, "busy").module = "hangup")),
      errors: [["flow.busy.module", /^"module" must be one of start, recording, .*Trunk, fax, trunk$/]],
    },
    {
      title: "missing module type",
      build: mutated((d) => delete moduleOf(d, "busy").module),
      errors: [["flow.busy.module", /^"module" is required and must be one of/]],
    },
    {
      title: "module that is not an object",
      build: mutated((d) => (modulesOf(d).busy = "busy")),
      errors: [["flow.busy", /^Module "busy" must be an object with a "module" field$/]],
    },
  ],
  "exactly one start module": [
    {
      title: "no start module",
      build: mutated((d) => delete modulesOf(d).start),
      errors: [["flow", /no start module; it needs exactly one module with "module": "start"/]],
    },
    {
      title: "two start modules",
      build: mutated((d) => (modulesOf(d).again = { module: "start", next: "record" })),
      errors: [["flow.again.module", /^Only one start module is allowed; "start" is already the start$/]],
    },
  ],
  "every route names a module of the flow": [
    {
      title: "start.next",
      build: mutated((d) => (moduleOf(d, "start").next = "nowhere")),
      errors: [["flow.start.next", /^"next" points to "nowhere", which is not a module of this flow$/]],
    },
    {
      title: "calleridmatch.match",
      build: mutated((d) => (moduleOf(d, "screen").match = "vip")),
      errors: [["flow.screen.match", /^"match" points to "vip", which is not a module/]],
    },
    {
      title: "calleridmatch.nomatch",
      build: mutated((d) => (moduleOf(d, "screen").nomatch = "others")),
      errors: [["flow.screen.nomatch", /^"nomatch" points to "others"/]],
    },
    {
      title: "extension.noanswer",
      build: mutated((d) => (moduleOf(d, "reception").noanswer = "later")),
      errors: [["flow.reception.noanswer", /^"noanswer" points to "later"/]],
    },
    {
      title: "an IVR branch",
      build: mutated((d) => (branchesOf(d, "menu")["1"] = "sales")),
      errors: [["flow.menu.next.1", /^"next.1" points to "sales", which is not a module of this flow$/]],
    },
    {
      title: "a dial-by-extension branch",
      build: mutated((d) => (branchesOf(d, "directory").timeout = "gone")),
      errors: [["flow.directory.next.timeout", /^"next.timeout" points to "gone"/]],
    },
    {
      title: "dialbyextension.noanswer that is neither a module nor sipuser_voicemail",
      build: mutated((d) => (moduleOf(d, "directory").noanswer = "sipuser_mailbox")),
      errors: [["flow.directory.noanswer", /^"noanswer" points to "sipuser_mailbox"/]],
    },
    {
      title: "sipuser_voicemail outside a dialbyextension noanswer",
      build: mutated((d) => (moduleOf(d, "reception").noanswer = "sipuser_voicemail")),
      errors: [["flow.reception.noanswer", /^"noanswer" points to "sipuser_voicemail", which is not a module/]],
    },
    {
      title: "a name every JavaScript object has",
      build: mutated((d) => (moduleOf(d, "record").next = "constructor")),
      errors: [["flow.record.next", /^"next" points to "constructor"/]],
    },
    {
      title: "an empty reference",
      build: mutated((d) => (moduleOf(d, "welcome").next = "")),
      errors: [["flow.welcome.next", /^"next" must be the key of a module in this flow \(1 to 64 characters\)$/]],
    },
  ],
  "terminating modules have no route": [
    ...(["busy", "messages", "bridge", "carrier"] as const).map((key) => ({
      title: `${key} with next`,
      build: mutated((d) => (moduleOf(d, key).next = "menu")),
      errors: [
        [`flow.${key}.next`, /^"next" is not allowed: \w+ is a terminating module \(the call ends there\), so it cannot route/],
      ] as [string, RegExp][],
    })),
    {
      title: "voicemail with noanswer",
      build: mutated((d) => (moduleOf(d, "messages").noanswer = "menu")),
      errors: [["flow.messages.noanswer", /^"noanswer" is not allowed: voicemail is a terminating module/]],
    },
    {
      title: "fax with next",
      build: mutated((d) => (moduleOf(d, "receiver").next = "entry"), faxFlow()),
      errors: [["flow.receiver.next", /^"next" is not allowed: fax is a terminating module/]],
    },
  ],
  "a fax module is the only module after start": [
    {
      title: "fax beside another module",
      build: mutated((d) => (modulesOf(d).extra = { module: "busy" }), faxFlow()),
      errors: [["flow.receiver", /^A fax module must be the only module after start, but this flow has 1 other module$/]],
    },
    {
      title: "start routing elsewhere than the fax",
      build: mutated((d) => {
        modulesOf(d).extra = { module: "busy" };
        moduleOf(d, "entry").next = "extra";
      }, faxFlow()),
      errors: [
        ["flow.receiver", /only module after start, but this flow has 1 other module/],
        [
          "flow.entry.next",
          /^"next" must point to the fax module "receiver": a flow that receives faxes goes straight from start to fax$/,
        ],
      ],
    },
    {
      title: "two fax modules",
      build: mutated((d) => (modulesOf(d).second = { module: "fax" }), faxFlow()),
      errors: [
        ["flow.receiver", /this flow has 1 other module/],
        ["flow.second", /this flow has 1 other module/],
      ],
    },
  ],
  "menu branches": [
    {
      title: "IVR key of two digits",
      build: mutated((d) => (branchesOf(d, "menu")["11"] = "busy")),
      errors: [["flow.menu.next.11", /^"11" is not a menu choice: use a single key 0-9, \* or #, or "invalid" or "timeout"$/]],
    },
    {
      title: "IVR key that is a letter",
      build: mutated((d) => (branchesOf(d, "menu").a = "busy")),
      errors: [["flow.menu.next.a", /^"a" is not a menu choice/]],
    },
    {
      title: "dial-by-extension digit branch",
      build: mutated((d) => (branchesOf(d, "directory")["1"] = "busy")),
      errors: [["flow.directory.next.1", /^"1" is not allowed: a dialbyextension menu only routes "invalid" and "timeout"$/]],
    },
    {
      title: "branches that are not an object",
      build: mutated((d) => (moduleOf(d, "menu").next = "busy")),
      errors: [
        ["flow.menu.next", /^"next" must be an object mapping the keys 0-9, \*, #, "invalid" and "timeout" to module keys$/],
      ],
    },
  ],
  "caller-ID patterns": [
    {
      title: "no pattern",
      build: mutated((d) => (moduleOf(d, "screen").patterns = [])),
      errors: [["flow.screen.patterns", /^"patterns" must be a list of 1 to 50 regular expressions$/]],
    },
    {
      title: "missing patterns",
      build: mutated((d) => delete moduleOf(d, "screen").patterns),
      errors: [["flow.screen.patterns", /^"patterns" is required and must be a list of 1 to 50 regular expressions$/]],
    },
    {
      title: "pattern that does not compile",
      build: mutated((d) => (moduleOf(d, "screen").patterns = ["^44", "(800"])),
      errors: [["flow.screen.patterns.1", /^"patterns.1" is not a valid regular expression \(missing closing \)/]],
    },
    {
      title: "lookahead, which linear-time engines do not support",
      build: mutated((d) => (moduleOf(d, "screen").patterns = ["^(?=44)"])),
      errors: [["flow.screen.patterns.0", /^"patterns.0" is not a valid regular expression/]],
    },
    {
      title: "pattern with exponential backtracking",
      build: mutated((d) => (moduleOf(d, "screen").patterns = ["^44", "9000$", "^(a+)+$"])),
      errors: [
        [
          "flow.screen.patterns.2",
          /^"patterns.2" is unsafe: inside the repeated part "\(a\+\)\+", "a\+" can either go on or stop/,
        ],
      ],
    },
    {
      title: "pattern over 100 characters",
      build: mutated((d) => (moduleOf(d, "screen").patterns = ["1".repeat(101)])),
      errors: [["flow.screen.patterns.0", /^"patterns.0" must be a regular expression of 1 to 100 characters$/]],
    },
    {
      title: "pattern that is not a string",
      build: mutated((d) => (moduleOf(d, "screen").patterns = [44800])),
      errors: [["flow.screen.patterns.0", /^"patterns.0" must be a regular expression/]],
    },
  ],
  "conference PIN": ["123", "12345", "12a4", 1234].map((pin) => ({
    title: `PIN ${JSON.stringify(pin)}`,
    build: mutated((d) => (moduleOf(d, "bridge").pin = pin)),
    errors: [["flow.bridge.pin", /^"pin" must be a string of exactly 4 digits$/]] as [string, RegExp][],
  })),
  "forward numbers in E.164": ["441234567890", "+4412345", "+0441234567", "+4412345678901234", "+44 1234 567890"].map(
    (number) => ({
      title: `number ${number}`,
      build: mutated((d) => ((moduleOf(d, "reception").extensions as Module[])[2] = { number, type: "forward" })),
      errors: [
        ["flow.reception.extensions.2.number", /^"extensions.2.number" must be a number in E.164 format: \+ and 8 to 15 digits/],
      ] as [string, RegExp][],
    }),
  ),
  "endless loops": [
    {
      title: "recording -> musiconhold -> calleridmatch -> play -> recording",
      build: mutated((d) => (moduleOf(d, "welcome").next = "record")),
      errors: [
        [
          "flow.welcome.next",
          /^"next" closes a loop that repeats forever without waiting for the caller or ringing anyone: recording "record" -> musiconhold "hold" -> calleridmatch "screen" -> play "welcome" -> recording "record"\. Route the loop through an IVR menu or an extension module, or end it$/,
        ],
      ],
    },
    {
      title: "a module routing to itself",
      build: mutated((d) => (moduleOf(d, "record").next = "record")),
      errors: [["flow.record.next", /closes a loop .*: recording "record" -> recording "record"\./]],
    },
    {
      title: "a caller-ID match looping through its no-match route",
      build: mutated((d) => {
        moduleOf(d, "screen").nomatch = "welcome";
        moduleOf(d, "welcome").next = "screen";
      }),
      errors: [["flow.welcome.next", /closes a loop .*: calleridmatch "screen" -> play "welcome" -> calleridmatch "screen"\./]],
    },
    {
      title: "back to the start module",
      build: mutated((d) => (moduleOf(d, "welcome").next = "start")),
      errors: [["flow.welcome.next", /closes a loop .*: start "start" -> recording "record" -> .* -> start "start"\./]],
    },
  ],
  limits: [
    {
      title: `more than ${MAX_MODULES} modules`,
      build: () => {
        const document = editableCopy(faxFlow());
        document.flow = { entry: { module: "start", next: "b0" } };
        for (let i = 0; i < MAX_MODULES; i++) modulesOf(document)[`b${i}`] = { module: "busy" };
        return document;
      },
      errors: [["flow", /^The flow has 501 modules; at most 500 are allowed$/]],
    },
    {
      title: `more than ${MAX_CALLER_ID_PATTERNS_PER_FLOW} caller-ID patterns in one flow`,
      build: () => {
        const document = editableCopy(faxFlow());
        const patterns = Array.from({ length: 50 }, (_, i) => `^${i}`);
        document.flow = { entry: { module: "start", next: "m0" } };
        for (let i = 0; i < 11; i++) {
          modulesOf(document)[`m${i}`] = { match: "m11", module: "calleridmatch", nomatch: `m${i + 1}`, patterns };
        }
        modulesOf(document).m11 = { module: "busy" };
        return document;
      },
      errors: [["flow", /^The flow has 550 caller-ID patterns; at most 500 are allowed in one flow$/]],
    },
    {
      title: "flow JSON over 256 KB in UTF-8 bytes, though under 256 K characters",
      build: () => {
        // Three UTF-8 bytes per character: 64-character keys and the longest allowed patterns.
        const wideKey = (i: number) => String.fromCharCode(0x4e00 + i) + "電".repeat(63);
        const patterns = Array.from({ length: 50 }, () => "電".repeat(100));
        const document = editableCopy(faxFlow());
        document.flow = { entry: { module: "start", next: wideKey(0) } };
        for (let i = 0; i < 480; i++) modulesOf(document)[wideKey(i)] = { module: "recording", next: wideKey(i + 1) };
        for (let i = 480; i < 490; i++) {
          modulesOf(document)[wideKey(i)] = { match: wideKey(i + 1), module: "calleridmatch", nomatch: wideKey(i + 1), patterns };
        }
        modulesOf(document)[wideKey(490)] = { module: "busy" };
        const json = JSON.stringify(modulesOf(document));
        if (json.length >= MAX_FLOW_JSON_BYTES) throw new Error("the fixture must stay under the limit in characters");
        return document;
      },
      errors: [["flow", /^The flow is \d+ bytes of JSON; at most 262144 are allowed$/]],
    },
  ],
  "field values": [
    ...(
      [
        ["reception", "duration", [4, 301, 30.5, "30"], /^"duration" must be a whole number of seconds from 5 to 300$/],
        ["menu", "duration", [0, 61], /^"duration" must be a whole number of seconds from 1 to 60$/],
        ["busy", "duration", [0, 61, -3], /^"duration" must be a whole number of seconds from 1 to 60$/],
        ["directory", "wait_duration", [0, 61], /^"wait_duration" must be a whole number of seconds from 1 to 60$/],
        ["directory", "dial_duration", [4, 301, null], /^"dial_duration" must be a whole number of seconds from 5 to 300$/],
      ] as const
    ).flatMap(([key, field, values, message]) =>
      values.map((value) => ({
        title: `${key}.${field} = ${JSON.stringify(value)}`,
        build: mutated((d) => (moduleOf(d, key)[field] = value)),
        errors: [[`flow.${key}.${field}`, message]] as [string, RegExp][],
      })),
    ),
    {
      title: "malformed sound UUID (reported once, not also as not found)",
      build: mutated((d) => (moduleOf(d, "welcome").sound = "welcome.wav")),
      errors: [["flow.welcome.sound", /^"sound" must be the UUID of a sound$/]],
    },
    {
      title: "missing sound",
      build: mutated((d) => delete moduleOf(d, "welcome").sound),
      errors: [["flow.welcome.sound", /^"sound" is required and must be the UUID of a sound$/]],
    },
    {
      title: "no extension to call",
      build: mutated((d) => (moduleOf(d, "reception").extensions = [])),
      errors: [
        ["flow.reception.extensions", /^"extensions" must be a list of 1 to 50 SIP users, hunt groups or forward numbers$/],
      ],
    },
    {
      title: "extension target of an unknown type",
      build: mutated((d) => ((moduleOf(d, "reception").extensions as Module[])[0] = { type: "queue", uuid: IDS.sipUser })),
      errors: [["flow.reception.extensions.0.type", /^"extensions.0.type" must be "sipuser", "huntgroup" or "forward"$/]],
    },
    {
      title: "forward target with a uuid",
      build: mutated(
        (d) =>
          ((moduleOf(d, "reception").extensions as Module[])[2] = {
            number: "+441234567890",
            type: "forward",
            uuid: IDS.sipUser,
          }),
      ),
      errors: [
        ["flow.reception.extensions.2.uuid", /^"uuid" is not a field of a forward target \(its fields are number, type\)$/],
      ],
    },
    {
      title: "no mailbox",
      build: mutated((d) => (moduleOf(d, "messages").mailboxes = [])),
      errors: [["flow.messages.mailboxes", /^"mailboxes" must be a list of 1 to 50 mailbox UUIDs$/]],
    },
    {
      title: "misspelt field (nomach)",
      build: mutated((d) => {
        const screen = moduleOf(d, "screen");
        screen.nomach = screen.nomatch;
        delete screen.nomatch;
      }),
      errors: [
        ["flow.screen.nomatch", /^"nomatch" is required/],
        [
          "flow.screen.nomach",
          /^"nomach" is not a field of a calleridmatch module \(its fields are match, module, nomatch, patterns\)$/,
        ],
      ],
    },
    {
      title: "dialbyextension without its required ringtone",
      build: mutated((d) => delete moduleOf(d, "directory").ringtone),
      errors: [["flow.directory.ringtone", /^"ringtone" is required and must be the UUID of a sound or playlist$/]],
    },
  ],
};

describe.each(Object.entries(RULES))("rule: %s", (_, cases) => {
  it.each(cases.map((c) => [c.title, c] as const))("rejects %s", (_, { build, errors, context }) => {
    const result = validateCallFlow(build(), { resources: FULL_ACCOUNT, ...context });
    expect(result.errors).toEqual(errors.map(([path, message]) => ({ path, message: expect.stringMatching(message) })));
  });
});

describe("what the rules allow", () => {
  it("accepts an extension inside the account's own range", () => {
    const document = editableCopy(everyModuleFlow());
    document.extension = 2050;
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT, extensionRange: { min: 2000, max: 2099 } }).errors).toEqual([]);
  });

  it("accepts a loop through an extension module alone, since it rings someone", () => {
    const document = editableCopy(everyModuleFlow());
    moduleOf(document, "reception").noanswer = "welcome";
    moduleOf(document, "welcome").next = "reception";
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT }).errors).toEqual([]);
  });

  it("accepts a menu that routes to itself and a dial-by-extension that returns to it", () => {
    const document = editableCopy(everyModuleFlow());
    branchesOf(document, "menu").timeout = "menu";
    branchesOf(document, "directory").invalid = "directory";
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT }).errors).toEqual([]);
  });

  it("lifts the size limits through the context, for benchmarks", () => {
    const document = editableCopy(faxFlow());
    const patterns = Array.from({ length: 50 }, (_, i) => `^${i}`);
    document.flow = { entry: { module: "start", next: "m0" } };
    for (let i = 0; i < 600; i++) {
      modulesOf(document)[`m${i}`] = { match: "end", module: "calleridmatch", nomatch: i < 599 ? `m${i + 1}` : "end", patterns };
    }
    modulesOf(document).end = { module: "busy" };
    const limits = { maxModules: 1_000, maxCallerIdPatterns: 30_000, maxFlowJsonBytes: 1_000_000 };
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT }).errors).toHaveLength(1);
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT, limits }).errors).toEqual([]);
  });

  it("accepts every bound of every number range", () => {
    const document = editableCopy(everyModuleFlow());
    for (const [key, field, value] of [
      ["reception", "duration", 5],
      ["menu", "duration", 60],
      ["busy", "duration", 1],
      ["directory", "wait_duration", 60],
      ["directory", "dial_duration", 300],
    ] as const) {
      moduleOf(document, key)[field] = value;
    }
    expect(validateCallFlow(document, { resources: FULL_ACCOUNT }).errors).toEqual([]);
  });
});

describe("reporting", () => {
  it("reports every error it finds, not only the first", () => {
    const document = editableCopy(everyModuleFlow());
    document.name = "";
    moduleOf(document, "start").next = "nowhere";
    moduleOf(document, "bridge").pin = "12";
    moduleOf(document, "busy").next = "menu";
    moduleOf(document, "welcome").sound = IDS.mailbox;
    const paths = validateCallFlow(document, { resources: FULL_ACCOUNT }).errors.map((issue) => issue.path);
    expect(paths.sort()).toEqual(["flow.bridge.pin", "flow.busy.next", "flow.start.next", "flow.welcome.sound", "name"]);
  });

  it("still checks the routes of a module that has other errors", () => {
    const document = editableCopy(everyModuleFlow());
    moduleOf(document, "welcome").sound = 42;
    moduleOf(document, "welcome").next = "nowhere";
    const paths = validateCallFlow(document, { resources: FULL_ACCOUNT }).errors.map((issue) => issue.path);
    expect(paths).toEqual(["flow.welcome.sound", "flow.welcome.next"]);
  });

  it("does not change the document it validates", () => {
    const document = editableCopy(everyModuleFlow());
    moduleOf(document, "start").next = "nowhere";
    const before = structuredClone(document);
    validateCallFlow(document, { resources: FULL_ACCOUNT });
    expect(document).toStrictEqual(before);
  });
});

describe("text fields", () => {
  it("refuses control characters in the name, which the database could not store", () => {
    const result = validateCallFlow({ ...everyModuleFlow(), name: "Call\u0000Pete" }, { resources: FULL_ACCOUNT });
    expect(result.errors).toContainEqual({ path: "name", message: '"name" must not contain control characters' });
  });
});
