import { z } from "zod";
import { FAILURE_WINDOW_MINUTES, MAX_FAILURES, MAX_FAILURES_PER_USER } from "@/server/auth/failure-limit";
import {
  DEFAULT_EXTENSION_RANGE,
  MAX_MODULES,
  MODULE_KEY_MAX_LENGTH,
  type AnyModuleTypeDefinition,
  MODULE_TYPES,
  moduleTypeDefinition,
  TERMINATING_MODULE_TYPES,
  ZCallFlowSettings,
} from "@/server/domain/call-flow";
import { OVERRIDES, STATE_REASONS, ZClosure, ZWeeklyHours } from "@/server/domain/schedule";
import {
  ACCEPTED_FORMATS_TEXT,
  MAX_SOUND_BYTES,
  MAX_SOUND_DURATION_MS,
  SOUND_CONTENT_TYPES,
  SOUND_FORMATS,
} from "@/server/domain/sound";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { MAX_PLACEHOLDERS, PLACEHOLDER_KINDS, PLACEHOLDER_NAME_MAX_LENGTH } from "@/server/domain/templates";
import { MAX_APPLY_CUSTOMERS } from "@/server/services/templates/schemas";
import { MAX_BODY_BYTES } from "./body";
import { STATUS_MESSAGES, type RestStatus } from "./envelope";
import type { ResourceName } from "./resource-lists";

// The REST API described as OpenAPI 3.1, served at GET /voip/openapi.json. The call-flow
// schemas are generated from the domain's zod schemas, so the document cannot drift from
// what validation accepts; cross-module rules (one start module, routes that resolve...)
// are beyond JSON Schema and are described in words.

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), for embedding. */
function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return json;
}

const MODULE_DEFINITIONS = MODULE_TYPES.map(moduleTypeDefinition);

/** A module type's schema, described in its registry entry's words. */
function moduleSchema(definition: AnyModuleTypeDefinition): JsonSchema {
  const terminating = TERMINATING_MODULE_TYPES.has(definition.type) ? "Terminating: the call ends here." : undefined;
  const description = [definition.help, definition.apiDetails, terminating].filter(Boolean).join(" ");
  return { ...fromZod(definition.schema), description };
}

const RESOURCES: Record<ResourceName, { summary: string; schema: string; item: JsonSchema }> = {
  user: {
    summary: "SIP users of the account",
    schema: "SipUser",
    item: { uuid: { type: "string", format: "uuid" }, name: { type: "string" }, extension: { type: "integer" } },
  },
  group: {
    summary: "Hunt groups of the account",
    schema: "HuntGroup",
    item: { uuid: { type: "string", format: "uuid" }, name: { type: "string" }, extension: { type: "integer" } },
  },
  sound: {
    summary: "Sounds of the account",
    schema: "Sound",
    item: {
      uuid: { type: "string", format: "uuid" },
      name: { type: "string" },
      duration_ms: {
        type: ["integer", "null"],
        description: "The audio's length; null for a sound that has no audio (only a name)",
      },
      format: {
        enum: [...SOUND_FORMATS, null],
        description: "wav, mp3 or ogg (Opus), read from the audio itself; null without audio",
      },
    },
  },
  playlist: {
    summary: "Playlists of the account",
    schema: "Playlist",
    item: { uuid: { type: "string", format: "uuid" }, name: { type: "string" } },
  },
  mailbox: {
    summary: "Mailboxes of the account",
    schema: "Mailbox",
    item: { uuid: { type: "string", format: "uuid" }, name: { type: "string" }, box_number: { type: "integer" } },
  },
  trunk: {
    summary: "Trunks of the account",
    schema: "Trunk",
    item: { uuid: { type: "string", format: "uuid" }, name: { type: "string" } },
  },
  number: {
    summary: "Phone numbers of the account, with the call flow each is assigned",
    schema: "PhoneNumber",
    item: {
      uuid: { type: "string", format: "uuid" },
      number: { type: "string", description: "E.164" },
      call_flow: {
        type: ["string", "null"],
        format: "uuid",
        description: "The uuid of the call flow calls to this number follow (with a schedule: while it is open)",
      },
      closed_call_flow: {
        type: ["string", "null"],
        format: "uuid",
        description: "With a schedule: the call flow calls follow while it is closed",
      },
      schedule: {
        type: ["string", "null"],
        format: "uuid",
        description: "The schedule that decides between call_flow and closed_call_flow",
      },
    },
  },
};

const READ_ONLY_FIELDS = {
  uuid: { type: "string", format: "uuid", readOnly: true },
  created_on: { type: "string", format: "date", readOnly: true, examples: ["2023-06-07"] },
  updated_on: { type: "string", format: "date", readOnly: true, examples: ["2023-06-07"] },
};

function callFlowSchema(required: string[], description: string): JsonSchema {
  const settings = fromZod(ZCallFlowSettings) as { properties: Record<string, JsonSchema> };
  return {
    type: "object",
    description,
    properties: {
      ...settings.properties,
      extension: {
        type: "integer",
        description: `The extension dialled to reach this flow; within the account's call-flow range (${DEFAULT_EXTENSION_RANGE.min}-${DEFAULT_EXTENSION_RANGE.max} by default) and not used by anything else on the account`,
      },
      flow: ref("FlowMap"),
      ...READ_ONLY_FIELDS,
    },
    required,
    additionalProperties: false,
  };
}

function envelopeSchema(status: RestStatus, result: JsonSchema, withErrors = false): JsonSchema {
  return {
    type: "object",
    required: ["result", "status_code", "status_message", ...(withErrors ? ["errors"] : [])],
    properties: {
      result,
      status_code: { const: status },
      status_message: { const: STATUS_MESSAGES[status] },
      ...(withErrors ? { errors: { type: "array", items: ref("FieldIssue") } } : {}),
    },
  };
}

const EMPTY = { type: "object", maxProperties: 0 };

function success(status: 200 | 201 | 202, description: string, result: JsonSchema, etag = false) {
  return {
    description,
    ...(etag ? { headers: { ETag: { $ref: "#/components/headers/ETag" } } } : {}),
    content: { "application/json": { schema: envelopeSchema(status, result) } },
  };
}

function failure(status: RestStatus, description: string, withErrors = false) {
  return { description, content: { "application/json": { schema: envelopeSchema(status, EMPTY, withErrors) } } };
}

const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** What every command can answer besides its own results. */
const COMMON_FAILURES = {
  "401": response("Unauthorized"),
  "404": response("NotFound"),
  "429": response("TooManyRequests"),
  "500": response("InternalServerError"),
};

const security = [{ ResellerName: [], ApiUser: [], ApiPassword: [] }];
const actingFor = { $ref: "#/components/parameters/ActingFor" };
const flowUuid = { $ref: "#/components/parameters/FlowUuid" };
const soundUuid = {
  name: "uuid",
  in: "path",
  required: true,
  description: "The sound's uuid",
  schema: { type: "string", format: "uuid" },
};
const ifMatch = { $ref: "#/components/parameters/IfMatch" };
const scheduleUuid = { $ref: "#/components/parameters/ScheduleUuid" };
const numberUuid = { $ref: "#/components/parameters/NumberUuid" };
const atQuery = { $ref: "#/components/parameters/At" };
const templateUuid = { $ref: "#/components/parameters/TemplateUuid" };
const templateBody = {
  required: true,
  description: `The template, as JSON (Content-Type: application/json), at most ${MAX_BODY_BYTES} bytes.`,
  content: { "application/json": { schema: ref("TemplateDocument") } },
};
const scheduleBody = {
  required: true,
  description: `The schedule, as JSON (Content-Type: application/json), at most ${MAX_BODY_BYTES} bytes.`,
  content: { "application/json": { schema: ref("ScheduleDocument") } },
};

function templateSchema(required: string[], description: string, readOnly: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    type: "object",
    description,
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: 100,
        description: "The template's name; also the name of the flows made from it unless apply gives another",
      },
      flow: {
        type: "object",
        description:
          "A flow map in the provider's format (see FlowMap), except that a resource uuid may be written \"{{Placeholder name}}\" (a SIP user or hunt group of an extension module, a sound, playlist, mailbox or trunk). Every resource must be a placeholder: a template names no account's resource.",
        additionalProperties: { type: "object" },
        examples: [
          {
            start: { module: "start", next: "ring" },
            ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }] },
          },
        ],
      },
      placeholders: ref("Placeholders"),
      ...READ_ONLY_FIELDS,
      ...readOnly,
    },
    required,
    additionalProperties: false,
  };
}

function scheduleSchema(required: string[], description: string): JsonSchema {
  return {
    type: "object",
    description,
    properties: {
      name: { type: "string", minLength: 1, maxLength: 100 },
      timezone: {
        type: "string",
        description: "An IANA time zone; hours and closures are wall-clock times and dates there",
        examples: ["Europe/London"],
      },
      hours: {
        ...fromZod(ZWeeklyHours),
        description:
          'Each weekday\'s intervals, 24-hour "HH:MM" (an interval may end at "24:00"), each ending after it starts, none overlapping',
      },
      closures: {
        type: "array",
        items: fromZod(ZClosure),
        description: "Days closed all day; `yearly` repeats the day and month every year",
      },
      holidays: {
        type: ["string", "null"],
        description: "A public-holiday region (observed and substitute days included), or null",
        examples: ["GB-ENG", "US-CA", "DE-BY"],
      },
      override: {
        enum: [...OVERRIDES],
        default: "auto",
        description: "A manual switch: open or closed whatever the hours say, or auto",
      },
      override_until: {
        type: ["string", "null"],
        format: "date-time",
        description:
          "When an open or closed override goes back to auto (ISO 8601 with an offset, in the future); null: until changed",
      },
      ...READ_ONLY_FIELDS,
    },
    required,
    additionalProperties: false,
  };
}

const webhookUuid = {
  name: "uuid",
  in: "path",
  required: true,
  description: "The webhook subscription's uuid",
  schema: { type: "string", format: "uuid" },
};
const webhookBody = {
  required: true,
  description: "The subscription, as JSON (Content-Type: application/json)",
  content: { "application/json": { schema: ref("WebhookSubscriptionDocument") } },
};
const WEBHOOK_WRITABLE = {
  url: {
    type: "string",
    format: "uri",
    maxLength: 2000,
    description: "Where events are POSTed: https to public addresses (http and local addresses only outside production)",
  },
  events: { type: "array", minItems: 1, items: { enum: [...WEBHOOK_EVENT_TYPES] }, description: "The event types to send" },
  enabled: { type: "boolean", default: true },
  subtree: { type: "boolean", default: false, description: "A reseller's: also the events of every account below it" },
};
const WEBHOOK_READ_ONLY = {
  uuid: { type: "string", format: "uuid" },
  created_on: { type: "string", format: "date" },
  updated_on: { type: "string", format: "date" },
  disabled_reason: {
    type: ["string", "null"],
    description: "Why the portal switched the subscription off (3 days of failed deliveries)",
  },
  failing_since: {
    type: ["string", "null"],
    format: "date-time",
    description: "Since when every delivery has failed; null after a success",
  },
};

const flowBody = {
  required: true,
  description: `The call flow, as JSON (Content-Type: application/json), at most ${MAX_BODY_BYTES} bytes.`,
  content: { "application/json": { schema: ref("CallFlowDocument") } },
};

/** One customer's outcome of an apply. */
const APPLY_RESULT_PROPERTIES = {
  customer: { type: "string", description: "The customer's account name, as asked" },
  ok: { type: "boolean" },
  flow: { type: "string", format: "uuid", description: "The new flow, when ok" },
  errors: {
    type: "array",
    items: ref("FieldIssue"),
    description: "Why nothing was created for this customer, when not ok",
  },
};

function command(summary: string, responses: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { summary, security, parameters: [actingFor], responses: { ...responses, ...COMMON_FAILURES }, ...extra };
}

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Call Flow Portal REST API",
    version: "1.0.0",
    description: [
      "Compatible with the VoIP provider's call-flow API. Every response is an envelope",
      "`{result, status_code, status_message}` whose `status_code` equals the HTTP status; a 400, 409, 412 or 413",
      "also carries `errors`, a list of `{path, message}` (path in dots, e.g. `flow.<key>.next`; empty for the whole request).",
      "",
      "Authenticate every request with the headers X-Auth-Reseller, X-Auth-User and X-Auth-Password of an API user",
      "created in the portal. X-Auth-Reseller names the account the API user belongs to: the reseller's account",
      "name, or for a customer's own API user the customer's account name. A reseller acts for one of its customers",
      "by naming it in X-Auth-For. Wrong or revoked credentials all get the same 401; after",
      `${MAX_FAILURES} failures for one API user from one address, or ${MAX_FAILURES_PER_USER} from all addresses together`,
      `(addresses it recently authenticated from excepted), attempts get 429 until ${FAILURE_WINDOW_MINUTES} minutes after the first failure.`,
      "",
      "Writes are checked against If-Match when it is given: GET, POST and PUT answer with an ETag, and a PUT or",
      "DELETE whose If-Match no longer matches gets 412 and changes nothing.",
    ].join("\n"),
  },
  servers: [{ url: "/" }],
  security,
  paths: {
    "/voip/flow": {
      get: command("All call flows of the account", {
        "200": success(200, "The call flows, by extension", { type: "array", items: ref("CallFlow") }),
      }),
      post: command(
        "Create a call flow",
        {
          "201": {
            ...success(201, "The stored call flow", ref("CallFlow")),
            headers: {
              ETag: { $ref: "#/components/headers/ETag" },
              Location: { description: "The new flow's URL", schema: { type: "string" } },
            },
          },
          "400": response("BadRequest"),
          "409": response("Conflict"),
          "413": response("PayloadTooLarge"),
        },
        { requestBody: flowBody },
      ),
    },
    "/voip/flow/{uuid}": {
      get: command(
        "One call flow",
        { "200": success(200, "The call flow", ref("CallFlow"), true) },
        { parameters: [actingFor, flowUuid] },
      ),
      put: command(
        "Replace a call flow whole: optional fields left out return to their defaults",
        {
          "200": success(200, "The stored call flow", ref("CallFlow"), true),
          "400": response("BadRequest"),
          "409": response("Conflict"),
          "412": response("PreconditionFailed"),
          "413": response("PayloadTooLarge"),
        },
        { parameters: [actingFor, flowUuid, ifMatch], requestBody: flowBody },
      ),
      delete: command(
        "Delete a call flow; one that a phone number uses is refused (409, naming the numbers)",
        {
          "204": { description: "Deleted; the response has no body" },
          "409": response("Conflict"),
          "412": response("PreconditionFailed"),
        },
        { parameters: [actingFor, flowUuid, ifMatch] },
      ),
    },
    "/voip/next-extension/flow": {
      get: command("The lowest free call-flow extension of the account (404 when the range is full)", {
        "200": success(200, "The extension", ref("NextExtension")),
      }),
    },
    ...Object.fromEntries(
      Object.entries(RESOURCES).map(([name, { summary, schema }]) => [
        `/voip/${name}`,
        { get: command(summary, { "200": success(200, summary, { type: "array", items: ref(schema) }) }) },
      ]),
    ),
    "/voip/template": {
      get: command("The API user's template library: the built-in starter templates first, then the account's own by name", {
        "200": success(200, "The templates", { type: "array", items: ref("Template") }),
      }),
      post: command(
        "Add a template to the library",
        {
          "201": {
            ...success(201, "The stored template", ref("Template")),
            headers: {
              ETag: { $ref: "#/components/headers/ETag" },
              Location: { description: "The new template's URL", schema: { type: "string" } },
            },
          },
          "400": response("BadRequest"),
          "403": failure(403, "Customers' API users have no template library"),
          "413": response("PayloadTooLarge"),
        },
        { requestBody: templateBody },
      ),
    },
    "/voip/template/{uuid}": {
      get: command(
        "One template of the library, or a starter template",
        { "200": success(200, "The template", ref("Template"), true) },
        { parameters: [actingFor, templateUuid] },
      ),
      put: command(
        "Replace a template whole; the version goes up and the previous one is kept. Starter templates cannot be changed (409)",
        {
          "200": success(200, "The stored template", ref("Template"), true),
          "400": response("BadRequest"),
          "409": response("Conflict"),
          "412": response("PreconditionFailed"),
          "413": response("PayloadTooLarge"),
        },
        { parameters: [actingFor, templateUuid, ifMatch], requestBody: templateBody },
      ),
      delete: command(
        "Delete a template; flows made from it stay. Starter templates cannot be deleted (409)",
        {
          "204": { description: "Deleted; the response has no body" },
          "409": response("Conflict"),
          "412": response("PreconditionFailed"),
        },
        { parameters: [actingFor, templateUuid, ifMatch] },
      ),
    },
    "/voip/template/{uuid}/apply": {
      post: command(
        "Create one flow from the template for each customer, each in its own transaction: a customer that fails gets nothing and the others go on. Each placeholder is bound to the customer's resource given in bindings, else to its only resource of that kind whose name is the placeholder's (ignoring case); a customer outside the API user's tree is not found. The customers are worked by one background job, which goes on whatever happens to the request: the answer waits for it up to 30 seconds (less with `Prefer: wait=N`, not at all with `Prefer: respond-async`)",
        {
          "200": {
            ...success(200, "Finished: one result per customer, in the order asked", {
              type: "array",
              items: ref("ApplyResult"),
            }),
            headers: { "Content-Location": { description: "The run's URL", schema: { type: "string" } } },
          },
          "202": {
            ...success(202, "Not finished yet: the run so far; GET its URL (Location) until status is finished", ref("ApplyRun")),
            headers: { Location: { description: "The run's URL", schema: { type: "string" } } },
          },
          "400": response("BadRequest"),
          "413": response("PayloadTooLarge"),
        },
        {
          parameters: [
            actingFor,
            templateUuid,
            {
              name: "Prefer",
              in: "header",
              required: false,
              description: "`respond-async` answers 202 at once; `wait=N` waits at most N seconds (at most 30)",
              schema: { type: "string" },
            },
          ],
          requestBody: { required: true, content: { "application/json": { schema: ref("ApplyRequest") } } },
        },
      ),
    },
    "/voip/template/{uuid}/apply/{run}": {
      get: command(
        "A run of the template started by the API user's account, with each customer's outcome so far",
        { "200": success(200, "The run", ref("ApplyRun")) },
        {
          parameters: [
            actingFor,
            templateUuid,
            {
              name: "run",
              in: "path",
              required: true,
              description: "The run's uuid",
              schema: { type: "string", format: "uuid" },
            },
          ],
        },
      ),
    },
    "/voip/schedule": {
      get: command("All schedules of the account", {
        "200": success(200, "The schedules, by name", { type: "array", items: ref("Schedule") }),
      }),
      post: command(
        "Create a schedule",
        {
          "201": {
            ...success(201, "The stored schedule", ref("Schedule")),
            headers: {
              ETag: { $ref: "#/components/headers/ETag" },
              Location: { description: "The new schedule's URL", schema: { type: "string" } },
            },
          },
          "400": response("BadRequest"),
          "413": response("PayloadTooLarge"),
        },
        { requestBody: scheduleBody },
      ),
    },
    "/voip/schedule/{uuid}": {
      get: command(
        "One schedule",
        { "200": success(200, "The schedule", ref("Schedule"), true) },
        { parameters: [actingFor, scheduleUuid] },
      ),
      put: command(
        "Replace a schedule whole",
        {
          "200": success(200, "The stored schedule", ref("Schedule"), true),
          "400": response("BadRequest"),
          "412": response("PreconditionFailed"),
          "413": response("PayloadTooLarge"),
        },
        { parameters: [actingFor, scheduleUuid, ifMatch], requestBody: scheduleBody },
      ),
      delete: command(
        "Delete a schedule; one that a phone number routes by is refused (409, naming the numbers)",
        {
          "204": { description: "Deleted; the response has no body" },
          "409": response("Conflict"),
          "412": response("PreconditionFailed"),
        },
        { parameters: [actingFor, scheduleUuid, ifMatch] },
      ),
    },
    "/voip/schedule/{uuid}/state": {
      get: command(
        "Whether the schedule is open at an instant, why, and until when",
        { "200": success(200, "The state", ref("ScheduleState")), "400": response("BadRequest") },
        { parameters: [actingFor, scheduleUuid, atQuery] },
      ),
    },
    "/voip/webhook": {
      get: command("The webhook subscriptions of the account", {
        "200": success(200, "The subscriptions, oldest first", { type: "array", items: ref("WebhookSubscription") }),
      }),
      post: command(
        "Subscribe to events; the answer carries the signing secret, and no other answer ever does",
        {
          "201": {
            ...success(201, "The subscription with its secret", ref("NewWebhookSubscription")),
            headers: { Location: { description: "The new subscription's URL", schema: { type: "string" } } },
          },
          "400": response("BadRequest"),
          "409": response("Conflict"),
        },
        { requestBody: webhookBody },
      ),
    },
    "/voip/webhook/{uuid}": {
      get: command(
        "One webhook subscription",
        { "200": success(200, "The subscription", ref("WebhookSubscription")) },
        {
          parameters: [actingFor, webhookUuid],
        },
      ),
      put: command(
        "Replace a subscription's url, events and switches (enabling it again clears disabled_reason)",
        { "200": success(200, "The stored subscription", ref("WebhookSubscription")), "400": response("BadRequest") },
        { parameters: [actingFor, webhookUuid], requestBody: webhookBody },
      ),
      delete: command(
        "Delete a subscription and its delivery log",
        { "204": { description: "Deleted; the response has no body" } },
        { parameters: [actingFor, webhookUuid] },
      ),
    },
    "/voip/number/{uuid}": {
      put: command(
        "Route a phone number: to call_flow, or by a schedule to call_flow while open and closed_call_flow while closed",
        { "200": success(200, "The number with its routing", ref("PhoneNumber")), "400": response("BadRequest") },
        {
          parameters: [actingFor, numberUuid],
          requestBody: { required: true, content: { "application/json": { schema: ref("NumberRouting") } } },
        },
      ),
    },
    "/voip/number/{uuid}/route": {
      get: command(
        "Which call flow answers the number at an instant, and why",
        { "200": success(200, "The route", ref("NumberRoute")), "400": response("BadRequest") },
        { parameters: [actingFor, numberUuid, atQuery] },
      ),
    },
    "/voip/sound": {
      get: command(RESOURCES.sound.summary, {
        "200": success(200, RESOURCES.sound.summary, { type: "array", items: ref("Sound") }),
      }),
      post: command(
        `Upload a sound: ${ACCEPTED_FORMATS_TEXT}, at most ${MAX_SOUND_BYTES / (1024 * 1024)} MB and ${MAX_SOUND_DURATION_MS / 60_000} minutes. The format and duration are read from the audio, never from the file's name or type; anything else is refused and nothing is stored`,
        {
          "201": {
            ...success(201, "The stored sound", ref("Sound")),
            headers: { Location: { description: "The sound's URL", schema: { type: "string" } } },
          },
          "400": response("BadRequest"),
          "413": failure(413, `The file is larger than ${MAX_SOUND_BYTES} bytes; nothing was stored`, true),
        },
        {
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file", "name"],
                  properties: {
                    file: {
                      type: "string",
                      contentMediaType: "application/octet-stream",
                      description: `The audio (${ACCEPTED_FORMATS_TEXT})`,
                    },
                    name: { type: "string", minLength: 1, maxLength: 100 },
                  },
                },
              },
            },
          },
        },
      ),
    },
    "/voip/sound/{uuid}": {
      delete: command(
        "Delete a sound and its audio; one that a call flow uses is refused (409, naming the flows)",
        { "204": { description: "Deleted; the response has no body" }, "409": response("Conflict") },
        { parameters: [actingFor, soundUuid] },
      ),
    },
    "/voip/sound/{uuid}/audio": {
      get: command(
        "The sound's audio, streamed with its content type (audio/wav, audio/mpeg or audio/ogg). Supports a single byte range (Range: bytes=start-end), answered with 206; a sound without audio is 404",
        {
          "200": {
            description: "The whole audio",
            headers: { "Accept-Ranges": { schema: { const: "bytes" } }, "Content-Length": { schema: { type: "integer" } } },
            content: Object.fromEntries(
              Object.values(SOUND_CONTENT_TYPES).map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
            ),
          },
          "206": {
            description: "The range asked for",
            headers: { "Content-Range": { description: "bytes start-end/size", schema: { type: "string" } } },
            content: Object.fromEntries(
              Object.values(SOUND_CONTENT_TYPES).map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
            ),
          },
          "416": { description: "The range starts beyond the audio's end; Content-Range: bytes */size" },
        },
        {
          parameters: [
            actingFor,
            soundUuid,
            {
              name: "Range",
              in: "header",
              required: false,
              schema: { type: "string" },
              description: "bytes=start-end, bytes=start- or bytes=-suffix",
            },
          ],
        },
      ),
    },
    "/voip/openapi.json": {
      get: {
        summary: "This document",
        security: [],
        responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
  },
  components: {
    securitySchemes: {
      ResellerName: {
        type: "apiKey",
        in: "header",
        name: "X-Auth-Reseller",
        description: "The API user's account name (a reseller's, or a customer's for its own API users)",
      },
      ApiUser: { type: "apiKey", in: "header", name: "X-Auth-User", description: "The API user's name" },
      ApiPassword: { type: "apiKey", in: "header", name: "X-Auth-Password", description: "The API user's password" },
    },
    parameters: {
      ActingFor: {
        name: "X-Auth-For",
        in: "header",
        required: false,
        description: "The account to act for: the API user's own account or one below it. Any other name gets 404.",
        schema: { type: "string" },
      },
      FlowUuid: {
        name: "uuid",
        in: "path",
        required: true,
        description: "The call flow's uuid",
        schema: { type: "string", format: "uuid" },
      },
      TemplateUuid: {
        name: "uuid",
        in: "path",
        required: true,
        description: "The template's uuid",
        schema: { type: "string", format: "uuid" },
      },
      ScheduleUuid: {
        name: "uuid",
        in: "path",
        required: true,
        description: "The schedule's uuid",
        schema: { type: "string", format: "uuid" },
      },
      NumberUuid: {
        name: "uuid",
        in: "path",
        required: true,
        description: "The phone number's uuid",
        schema: { type: "string", format: "uuid" },
      },
      At: {
        name: "at",
        in: "query",
        required: false,
        description: "The instant, ISO 8601 (now when left out); without an offset it is a wall time of the schedule's zone",
        schema: { type: "string" },
        examples: { instant: { value: "2026-12-24T18:00:00Z" } },
      },
      IfMatch: {
        name: "If-Match",
        in: "header",
        required: false,
        description:
          "An ETag from a GET, POST or PUT of this flow (or *): the change is made only if the flow is still at that version, else 412",
        schema: { type: "string" },
      },
    },
    headers: {
      ETag: { description: "The flow's current version, for If-Match", schema: { type: "string" } },
    },
    responses: {
      BadRequest: failure(400, "The request or the call flow is invalid; `errors` lists every problem", true),
      Unauthorized: failure(401, "Missing, wrong or revoked credentials (the same answer for each)"),
      NotFound: failure(404, "No such flow or account for this API user (the same answer whether it exists elsewhere or not)"),
      Conflict: failure(
        409,
        "The extension is already in use, or the flow is in use by phone numbers; `errors` says which",
        true,
      ),
      PreconditionFailed: failure(412, "If-Match no longer matches: the flow was changed since; nothing was changed", true),
      PayloadTooLarge: failure(413, `The body is larger than ${MAX_BODY_BYTES} bytes`, true),
      TooManyRequests: {
        ...failure(429, "Too many failed authentications for this API user, from this address or from all addresses"),
        headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
      },
      InternalServerError: failure(500, "Something went wrong on the server; nothing about it is disclosed"),
    },
    schemas: {
      FieldIssue: {
        type: "object",
        required: ["path", "message"],
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
      CallFlowDocument: callFlowSchema(
        ["extension", "flow", "name"],
        "A call flow as sent in POST and PUT. uuid, created_on and updated_on are accepted and ignored, so a flow read with GET can be sent back whole (on PUT a uuid must be the flow's own). Unknown fields are refused.",
      ),
      CallFlow: callFlowSchema(
        ["created_on", "extension", "flow", "name", "show_call_route_name", "show_original_caller_id", "updated_on", "uuid"],
        "A call flow as the API returns it; `flow` exactly as it was sent.",
      ),
      FlowMap: {
        type: "object",
        description:
          "Module key to module. Exactly one start module; every route (next, match, nomatch, noanswer, menu choices) names a module of this map; no loop may repeat without waiting for the caller; resources (SIP users, sounds...) must belong to the account.",
        propertyNames: { minLength: 1, maxLength: MODULE_KEY_MAX_LENGTH },
        maxProperties: MAX_MODULES,
        additionalProperties: ref("FlowModule"),
      },
      FlowModule: {
        oneOf: MODULE_DEFINITIONS.map((definition) => ref(definition.apiSchemaName)),
        discriminator: {
          propertyName: "module",
          mapping: Object.fromEntries(
            MODULE_DEFINITIONS.flatMap((definition) =>
              [definition.type, ...(definition.aliases ?? [])].map((spelling) => [
                spelling,
                `#/components/schemas/${definition.apiSchemaName}`,
              ]),
            ),
          ),
        },
      },
      ...Object.fromEntries(MODULE_DEFINITIONS.map((definition) => [definition.apiSchemaName, moduleSchema(definition)])),
      Placeholders: {
        type: "object",
        description: `Each placeholder the flow uses, by name, with the kind of resource it stands for (at most ${MAX_PLACEHOLDERS}); every one declared must be used`,
        maxProperties: MAX_PLACEHOLDERS,
        propertyNames: { minLength: 1, maxLength: PLACEHOLDER_NAME_MAX_LENGTH, pattern: "^[^{}\\s]([^{}]*[^{}\\s])?$" },
        additionalProperties: {
          type: "object",
          required: ["kind"],
          properties: { kind: { enum: [...PLACEHOLDER_KINDS] } },
          additionalProperties: false,
        },
        examples: [{ Reception: { kind: "sipuser" }, "Welcome sound": { kind: "sound" } }],
      },
      TemplateDocument: templateSchema(
        ["name", "flow"],
        "A template as sent in POST and PUT (placeholders may be left out when the flow uses none). What GET adds is accepted and ignored, so a template read with GET can be sent back whole (on PUT a uuid must be the template's own).",
        {
          version: { type: "integer", readOnly: true },
          starter: { type: "boolean", readOnly: true },
          description: { type: ["string", "null"], readOnly: true },
        },
      ),
      Template: templateSchema(
        ["created_on", "description", "flow", "name", "placeholders", "starter", "updated_on", "uuid", "version"],
        "A template as the API returns it; `flow` exactly as it was sent. Starter templates (`starter`: true) are built in, described, and cannot be changed.",
        {
          version: { type: "integer", description: "Raised by every save; earlier versions are kept" },
          starter: { type: "boolean" },
          description: { type: ["string", "null"], description: "What a starter template does; null for the library's own" },
        },
      ),
      ApplyRequest: {
        type: "object",
        required: ["customers"],
        additionalProperties: false,
        properties: {
          customers: {
            type: "array",
            minItems: 1,
            maxItems: MAX_APPLY_CUSTOMERS,
            uniqueItems: true,
            items: { type: "string" },
            description: "Customers by account name, as X-Auth-For names them",
          },
          bindings: {
            type: "object",
            description:
              "Per customer, placeholder name → the uuid of that customer's resource; placeholders left out bind by name",
            additionalProperties: { type: "object", additionalProperties: { type: "string", format: "uuid" } },
            examples: [{ acme: { Reception: "0b0e2a6e-5f0c-4d3e-9a51-3f1c2d4e5f60" } }],
          },
          extensions: {
            type: "object",
            description: "Per customer, the new flow's extension; the customer's next free one otherwise",
            additionalProperties: { type: "integer" },
          },
          name: { type: "string", minLength: 1, maxLength: 100, description: "The new flows' name; the template's otherwise" },
          publish: {
            type: "boolean",
            default: true,
            description: "true: the flows are live at once; false: each is created as a draft callers never reach",
          },
        },
      },
      ApplyResult: { type: "object", required: ["customer", "ok"], properties: APPLY_RESULT_PROPERTIES },
      ApplyRun: {
        type: "object",
        required: [
          "created_at",
          "finished_at",
          "name",
          "publish",
          "results",
          "started_at",
          "status",
          "template",
          "uuid",
          "version",
        ],
        properties: {
          created_at: { type: "string", format: "date-time" },
          finished_at: { type: ["string", "null"], format: "date-time" },
          name: { type: "string", description: "The new flows' name" },
          publish: { type: "boolean", description: "true: the flows are live at once; false: drafts" },
          results: {
            type: "array",
            description: "One per customer, in the order asked; ok, and flow or errors, once it is not pending",
            items: {
              type: "object",
              required: ["customer", "status"],
              properties: { status: { enum: ["pending", "done", "failed"] }, ...APPLY_RESULT_PROPERTIES },
            },
          },
          started_at: { type: ["string", "null"], format: "date-time" },
          status: { enum: ["queued", "running", "finished"] },
          template: { type: "string", format: "uuid" },
          uuid: { type: "string", format: "uuid" },
          version: { type: "integer", description: "The template's version applied" },
        },
      },
      ScheduleDocument: scheduleSchema(
        ["name", "timezone", "hours"],
        "A schedule as sent in POST and PUT: all seven days in `hours`. uuid, created_on and updated_on are accepted and ignored, so a schedule read with GET can be sent back whole.",
      ),
      Schedule: scheduleSchema(
        ["closures", "created_on", "holidays", "hours", "name", "override", "override_until", "timezone", "updated_on", "uuid"],
        "A schedule as the API returns it; an override whose end has passed reads as auto.",
      ),
      ScheduleState: {
        type: "object",
        required: ["open", "reason", "until"],
        properties: {
          open: { type: "boolean" },
          reason: {
            enum: [...STATE_REASONS],
            description: "What decides: the manual override, a closure, a public holiday, the hours, or being outside them",
          },
          until: {
            type: ["string", "null"],
            format: "date-time",
            description: "The next time `open` changes (ISO 8601 in the schedule's zone); null when nothing scheduled changes it",
          },
        },
      },
      NumberRouting: {
        type: "object",
        properties: {
          call_flow: { type: ["string", "null"], format: "uuid" },
          schedule: { type: ["string", "null"], format: "uuid" },
          closed_call_flow: { type: ["string", "null"], format: "uuid", description: "Only with a schedule" },
        },
        description: "Fields left out are null; uuid and number, as GET returns them, are accepted and ignored.",
      },
      NumberRoute: {
        type: "object",
        required: ["call_flow", "open", "reason"],
        properties: {
          call_flow: { type: ["string", "null"], format: "uuid", description: "The call flow that answers; null when none" },
          open: { type: ["boolean", "null"], description: "The schedule's state; null when the number routes by no schedule" },
          reason: { enum: [...STATE_REASONS, "no_schedule"] },
        },
      },
      WebhookSubscriptionDocument: {
        type: "object",
        description: [
          "A subscription as sent in POST and PUT. Events are POSTed as `{type, timestamp, data}` (data: the object as this API",
          "shows it), signed per Standard Webhooks (headers webhook-id, webhook-timestamp, webhook-signature) with the secret;",
          "failed deliveries are retried with exponential backoff for 24 hours. The fields GET returns are accepted and ignored.",
        ].join(" "),
        properties: { ...WEBHOOK_WRITABLE, ...WEBHOOK_READ_ONLY },
        required: ["url", "events"],
        additionalProperties: false,
      },
      WebhookSubscription: {
        type: "object",
        properties: { ...WEBHOOK_WRITABLE, ...WEBHOOK_READ_ONLY },
        required: [...Object.keys(WEBHOOK_WRITABLE), ...Object.keys(WEBHOOK_READ_ONLY)],
      },
      NewWebhookSubscription: {
        type: "object",
        properties: {
          ...WEBHOOK_WRITABLE,
          ...WEBHOOK_READ_ONLY,
          secret: { type: "string", pattern: "^whsec_", description: "The signing secret, shown only in this answer" },
        },
        required: [...Object.keys(WEBHOOK_WRITABLE), ...Object.keys(WEBHOOK_READ_ONLY), "secret"],
      },
      NextExtension: { type: "object", required: ["extension"], properties: { extension: { type: "integer" } } },
      ...Object.fromEntries(
        Object.values(RESOURCES).map(({ schema, item }) => [
          schema,
          { type: "object", required: Object.keys(item), properties: item },
        ]),
      ),
    },
  },
} as const;
