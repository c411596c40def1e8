import { z } from "zod";
import { ACCEPTED_FORMATS_TEXT, MAX_SOUND_BYTES, MAX_SOUND_DURATION_MS, SOUND_CONTENT_TYPES } from "@/server/domain/sound";
import { CALL_ID_MAX_LENGTH, MAX_CALLS_PER_BATCH } from "@/server/domain/calls/call-input";
import { ZAtText } from "@/server/services/schedules/schemas";
import {
  ZApiBrand,
  ZApiCall,
  ZApiCallFlow,
  ZApiCustomer,
  ZApiCustomerPage,
  ZApiCallPage,
  ZApiHuntGroup,
  ZApiNewCustomer,
  ZApiPlan,
  ZImportCounts,
  ZImportRun,
  ZImportStarted,
  ZApiMailbox,
  ZApiNewWebhook,
  ZApiNumber,
  ZApiPlaylist,
  ZApiSchedule,
  ZApiSipUser,
  ZApiSound,
  ZApiTemplate,
  ZApiTrunk,
  ZApiWebhook,
  ZApplyResult,
  ZApplyRun,
  ZCallIngestResult,
  ZFlowCallStats,
  ZNextExtension,
  ZNumberRoute,
  ZScheduleState,
} from "./api-schemas";
import {
  BRAND_BODY,
  BRAND_IMAGE_UPLOAD,
  getBrandingCommand,
  removeBrandImageCommand,
  replaceBrandingCommand,
  uploadBrandImageCommand,
} from "./branding-commands";
import {
  CALL_FLOW_BODY,
  createFlow,
  deleteFlow,
  flowReadAlong,
  getFlow,
  listFlows,
  nextFlowExtension,
  replaceFlow,
} from "./call-flow-commands";
import {
  CUSTOMER_BODY,
  CUSTOMER_LIST_QUERY,
  createCustomerCommand,
  deleteCustomerCommand,
  getCustomerCommand,
  listCustomersCommand,
  NEW_CUSTOMER_BODY,
  NOT_A_RESELLER,
  replaceCustomerCommand,
} from "./customer-commands";
import {
  CSV_UPLOAD,
  exportCommand,
  getImportCommand,
  IMPORT_COLUMNS_TEXT,
  IMPORT_QUERY,
  importCommand,
  kindRoute,
} from "./import-commands";
import {
  createPlanCommand,
  deletePlanCommand,
  getPlanCommand,
  listPlansCommand,
  PLAN_BODY,
  replacePlanCommand,
} from "./plan-commands";
import { CALL_LIST_QUERY, FLOW_STATS_QUERY, flowStatsCommand, getCallCommand, listCallsCommand } from "./call-commands";
import { CALL_BATCH_BODY, CALL_INGEST_PLACES, ingestCallsCommand, MAX_CALL_BATCH_BYTES } from "./call-ingest";
import { voipEndpoint, type RouteParams, type VoipEndpoint, type VoipHandler } from "./handler";
import type { RestBody, StreamedBody } from "./input";
import { NUMBER_ROUTING_BODY, numberRouteCommand, routeNumberCommand } from "./number-commands";
import { listResource, type ResourceName, resourceRoute } from "./resource-lists";
import { createSound, deleteSound, SOUND_UPLOAD, streamSoundAudio } from "./sound-commands";
import {
  createScheduleCommand,
  deleteScheduleCommand,
  getScheduleCommand,
  listSchedulesCommand,
  replaceScheduleCommand,
  SCHEDULE_BODY,
  scheduleStateCommand,
} from "./schedule-commands";
import {
  createWebhookCommand,
  deleteWebhookCommand,
  getWebhookCommand,
  listWebhooksCommand,
  replaceWebhookCommand,
  WEBHOOK_BODY,
} from "./webhook-commands";
import {
  APPLY_BODY,
  applyTemplateCommand,
  createTemplateCommand,
  deleteTemplateCommand,
  getApplyRunCommand,
  getTemplateCommand,
  listTemplatesCommand,
  replaceTemplateCommand,
  TEMPLATE_BODY,
} from "./template-commands";

// ─── THE REST API'S ROUTES ─── one entry per method and path: its handler and what the OpenAPI
// document says of it (server/rest/openapi.ts builds the document from this table and the
// entries' zod schemas). Nothing else routes /voip.
// Paths use Hono's `:param` syntax; metering groups by the same template written `{param}`.
// Static paths come before `/voip/:resource`, which would match them too.

export type VoipMethod = "GET" | "POST" | "PUT" | "DELETE";

/** The failures an operation can have beside those every command can (401, 404, 429, 500, 503). */
export type OperationFailure = 400 | 403 | 409 | 412 | 413;

/** A header of a success answer: the object's version for If-Match, the new object's URL, or
 * where the same outcome can be read again. */
type AnswerHeader = "ETag" | "Location" | "Content-Location";

export type Answer =
  | { status: 200 | 201 | 202; description: string; result: z.ZodType; headers?: readonly AnswerHeader[] }
  | { status: 204; description: string }
  /** An answer that is no envelope (audio), its responses written out. */
  | { responses: Readonly<Record<string, unknown>> };

/** What the OpenAPI document says of one operation; its schemas are the route's body and `answer.result`. */
export type Operation = {
  operationId: string;
  summary: string;
  /** What a `{uuid}` in the path names, e.g. "call flow". */
  uuidOf?: string;
  /** The path's other parameters, each described: a uuid, or text of the schema given. */
  params?: Readonly<Record<string, string | { description: string; schema: z.ZodType }>>;
  /** Query parameters: each field of the object is one. */
  query?: z.ZodObject;
  /** Changes only the version an If-Match names (412 otherwise). */
  ifMatch?: true;
  /** Extra header parameters, each described. */
  headers?: Readonly<Record<string, string>>;
  /** The success answer, or each of them. */
  answer: Answer | readonly Answer[];
  /** Why this operation answers each of these, beside 401, 404, 429, 500 and 503 that any command
   * can, and 400 and 413 that any with a body can. */
  failures?: Partial<Record<OperationFailure, string>>;
};

export type VoipRoute = {
  method: VoipMethod;
  path: string;
  handle: VoipHandler;
  body?: RestBody<unknown> | StreamedBody;
  /** The operation, or for a path parameter that names what is served (`/voip/:resource`), one
   * operation per value. */
  doc: Operation | { each: Readonly<Record<string, Operation>> };
};

function route<Params extends RouteParams, Along extends object = Record<string, never>, Body = unknown>(
  method: VoipMethod,
  path: string,
  {
    doc,
    ...endpoint
  }: Omit<VoipEndpoint<Params, Along, Body>, "route"> &
    Partial<Pick<VoipEndpoint<Params, Along, Body>, "route">> & { doc: VoipRoute["doc"] },
): VoipRoute {
  const template = path.replace(/:(\w+)/g, "{$1}");
  const handle = voipEndpoint<Params, Along, Body>({ route: template, ...endpoint }) as VoipHandler;
  return { method, path, handle, body: endpoint.body as VoipRoute["body"], doc };
}

const stored = (status: 200 | 201, description: string, result: z.ZodType): Answer => ({
  status,
  description,
  result,
  headers: status === 201 ? ["ETag", "Location"] : ["ETag"],
});
const created = (description: string, result: z.ZodType): Answer => ({ status: 201, description, result, headers: ["Location"] });
const listOf = (description: string, item: z.ZodType): Answer => ({ status: 200, description, result: z.array(item) });
const DELETED: Answer = { status: 204, description: "Deleted; the response has no body" };

const NO_BRAND = "Only a reseller's account has a brand of its own: a customer's shows its reseller's";
const STALE = "If-Match no longer matches: it was changed since; nothing was changed";
const NO_LIBRARY = "Customers' API users have no template library";
const NO_PLANS = "Customers' API users have no plans";
const PLAN_LIMIT = "A limit of the reseller's own plan (customers) is reached: `status_message` names it";

const AT = z.object({
  at: ZAtText.optional().meta({
    description: "The instant, ISO 8601 (now when left out); without an offset it is a wall time of the schedule's zone",
    examples: ["2026-12-24T18:00:00Z"],
  }),
});

const AUDIO_CONTENT = Object.fromEntries(
  Object.values(SOUND_CONTENT_TYPES).map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
);

const NO_IMPORTS = "Customers' API users do not import or export";

/** `POST /voip/import/{kind}` for each kind. */
function importOperation(kind: "customers" | "numbers" | "users", operationId: string): Operation {
  return {
    operationId,
    summary: `Import ${kind} from CSV (columns ${IMPORT_COLUMNS_TEXT[kind]}). With dry_run=true the answer comes at once and nothing is written; otherwise a durable job applies the rows (202; GET the Location for its progress). Each row is atomic: one that fails writes nothing and the others go on. Rows respect the plans' limits. A row's key (customer name, number, email) that exists is refused with mode=create and updated with mode=upsert`,
    query: IMPORT_QUERY,
    answer: [
      { status: 200, description: "The dry run: what would happen, row by row", result: ZImportCounts },
      {
        status: 202,
        description: "The run started: GET its Location until status is done",
        result: ZImportStarted,
        headers: ["Location"],
      },
    ],
    failures: {
      400: "The query, the content type or the CSV's header is wrong; `errors` says which",
      403: NO_IMPORTS,
      413: "The CSV is too large",
    },
  };
}

function exportOperation(kind: "customers" | "numbers" | "users", operationId: string): Operation {
  return {
    operationId,
    summary: `The API user's ${kind} as CSV in the import's columns (${IMPORT_COLUMNS_TEXT[kind]}), streamed; imported again with mode=upsert it changes nothing`,
    answer: {
      responses: {
        "200": {
          description: "The CSV",
          content: { "text/csv; charset=utf-8": { schema: { type: "string", contentMediaType: "text/csv" } } },
        },
      },
    },
    failures: { 403: NO_IMPORTS },
  };
}

/** The lists `GET /voip/:resource` serves, but sound, whose list has a route of its own. */
const RESOURCE_LIST_OPERATIONS: Readonly<Record<Exclude<ResourceName, "sound">, Operation>> = {
  user: { operationId: "listSipUsers", summary: "SIP users of the account", answer: listOf("The SIP users", ZApiSipUser) },
  group: {
    operationId: "listHuntGroups",
    summary: "Hunt groups of the account",
    answer: listOf("The hunt groups", ZApiHuntGroup),
  },
  playlist: { operationId: "listPlaylists", summary: "Playlists of the account", answer: listOf("The playlists", ZApiPlaylist) },
  mailbox: { operationId: "listMailboxes", summary: "Mailboxes of the account", answer: listOf("The mailboxes", ZApiMailbox) },
  trunk: { operationId: "listTrunks", summary: "Trunks of the account", answer: listOf("The trunks", ZApiTrunk) },
  number: {
    operationId: "listPhoneNumbers",
    summary: "Phone numbers of the account, with how each routes",
    answer: listOf("The phone numbers", ZApiNumber),
  },
};

export const VOIP_ROUTES: readonly VoipRoute[] = [
  route("GET", "/voip/flow", {
    doc: {
      operationId: "listCallFlows",
      summary: "All call flows of the account",
      answer: listOf("The call flows, by extension", ZApiCallFlow),
    },
    run: listFlows,
  }),
  route("POST", "/voip/flow", {
    doc: {
      operationId: "createCallFlow",
      summary: "Create a call flow",
      answer: stored(201, "The stored call flow", ZApiCallFlow),
      failures: { 409: "The extension is already in use; `errors` names it" },
    },
    body: CALL_FLOW_BODY,
    run: createFlow,
  }),
  route("GET", "/voip/flow/:uuid", {
    doc: {
      operationId: "getCallFlow",
      summary: "One call flow",
      uuidOf: "call flow",
      answer: stored(200, "The call flow", ZApiCallFlow),
    },
    readAlong: flowReadAlong,
    run: getFlow,
  }),
  route("PUT", "/voip/flow/:uuid", {
    doc: {
      operationId: "replaceCallFlow",
      summary: "Replace a call flow whole: optional fields left out return to their defaults",
      uuidOf: "call flow",
      ifMatch: true,
      answer: stored(200, "The stored call flow", ZApiCallFlow),
      failures: { 409: "The extension is already in use; `errors` names it", 412: STALE },
    },
    body: CALL_FLOW_BODY,
    run: replaceFlow,
  }),
  route("DELETE", "/voip/flow/:uuid", {
    doc: {
      operationId: "deleteCallFlow",
      summary: "Delete a call flow; one that a phone number uses is refused",
      uuidOf: "call flow",
      ifMatch: true,
      answer: DELETED,
      failures: { 409: "Phone numbers route to the flow; `errors` names them", 412: STALE },
    },
    run: deleteFlow,
  }),
  route("GET", "/voip/flow/:uuid/stats", {
    doc: {
      operationId: "getCallFlowStats",
      summary:
        "What callers did in the flow, counted per UTC day from rollups kept with every call (never behind the calls): calls, outcomes, the median length, and per module the calls that entered it, ended there and left by each route. The flow is the account's or one below it",
      uuidOf: "call flow",
      query: FLOW_STATS_QUERY,
      answer: { status: 200, description: "The counts", result: ZFlowCallStats },
      failures: { 400: "A query parameter is not a date, a date and time, or a version; `errors` names it" },
    },
    run: flowStatsCommand,
  }),
  route("GET", "/voip/next-extension/flow", {
    doc: {
      operationId: "nextCallFlowExtension",
      summary: "The lowest free call-flow extension of the account (404 when the range is full)",
      answer: { status: 200, description: "The extension", result: ZNextExtension },
    },
    run: nextFlowExtension,
  }),
  route("GET", "/voip/call", {
    doc: {
      operationId: "listCalls",
      summary:
        "Calls of the account and of the accounts below it, newest first, without their steps; a page at a time (`limit`, `cursor`)",
      query: CALL_LIST_QUERY,
      answer: { status: 200, description: "One page of calls", result: ZApiCallPage },
      failures: {
        400: "A query parameter is wrong (a date, the flow's uuid, an outcome, the limit or the cursor); `errors` names it",
      },
    },
    run: listCallsCommand,
  }),
  route("POST", "/voip/call", {
    doc: {
      operationId: "ingestCalls",
      summary: `Store calls as the switch reports them: 1 to ${MAX_CALLS_PER_BATCH} per request, each of a flow of the account or of one below it (a reseller's API user posts its customers' calls). Each call is judged alone: those refused are listed by index with every problem at its field, the others are stored. A call_id the account already has is a duplicate, stored once, even when sent twice at the same moment. The flow's version live at started_at is recorded; a step naming a module that version did not have is kept and flagged`,
      answer: { status: 200, description: "What became of each call", result: ZCallIngestResult },
      failures: {
        400: `The body is not {"calls": [...]} with 1 to ${MAX_CALLS_PER_BATCH} calls; \`errors\` says why`,
        413: `The body is larger than ${MAX_CALL_BATCH_BYTES} bytes; nothing was stored`,
      },
    },
    body: CALL_BATCH_BODY,
    places: CALL_INGEST_PLACES,
    run: ingestCallsCommand,
  }),
  route("GET", "/voip/call/:call_id", {
    doc: {
      operationId: "getCall",
      summary: "One call whole, with its steps and the flow version it ran on",
      // A schema of its own: one shared with the bodies would be written as a reference to itself.
      params: { call_id: { description: "The switch's id of the call", schema: z.string().min(1).max(CALL_ID_MAX_LENGTH) } },
      answer: { status: 200, description: "The call", result: ZApiCall },
    },
    run: getCallCommand,
  }),
  route("GET", "/voip/schedule", {
    doc: {
      operationId: "listSchedules",
      summary: "All schedules of the account",
      answer: listOf("The schedules, by name", ZApiSchedule),
    },
    run: listSchedulesCommand,
  }),
  route("POST", "/voip/schedule", {
    doc: {
      operationId: "createSchedule",
      summary: "Create a schedule",
      answer: stored(201, "The stored schedule", ZApiSchedule),
    },
    body: SCHEDULE_BODY,
    run: createScheduleCommand,
  }),
  route("GET", "/voip/schedule/:uuid", {
    doc: {
      operationId: "getSchedule",
      summary: "One schedule",
      uuidOf: "schedule",
      answer: stored(200, "The schedule", ZApiSchedule),
    },
    run: getScheduleCommand,
  }),
  route("PUT", "/voip/schedule/:uuid", {
    doc: {
      operationId: "replaceSchedule",
      summary: "Replace a schedule whole",
      uuidOf: "schedule",
      ifMatch: true,
      answer: stored(200, "The stored schedule", ZApiSchedule),
      failures: { 412: STALE },
    },
    body: SCHEDULE_BODY,
    run: replaceScheduleCommand,
  }),
  route("DELETE", "/voip/schedule/:uuid", {
    doc: {
      operationId: "deleteSchedule",
      summary: "Delete a schedule; one that a phone number routes by is refused",
      uuidOf: "schedule",
      ifMatch: true,
      answer: DELETED,
      failures: { 409: "Phone numbers route by the schedule; `errors` names them", 412: STALE },
    },
    run: deleteScheduleCommand,
  }),
  route("GET", "/voip/schedule/:uuid/state", {
    doc: {
      operationId: "getScheduleState",
      summary: "Whether the schedule is open at an instant, why, and until when",
      uuidOf: "schedule",
      query: AT,
      answer: { status: 200, description: "The state", result: ZScheduleState },
      failures: { 400: "`at` is not a date and time" },
    },
    run: scheduleStateCommand,
  }),
  route("PUT", "/voip/number/:uuid", {
    doc: {
      operationId: "routePhoneNumber",
      summary: "Route a phone number: to call_flow, or by a schedule to call_flow while open and closed_call_flow while closed",
      uuidOf: "phone number",
      answer: { status: 200, description: "The number with its routing", result: ZApiNumber },
    },
    body: NUMBER_ROUTING_BODY,
    run: routeNumberCommand,
  }),
  route("GET", "/voip/number/:uuid/route", {
    doc: {
      operationId: "getPhoneNumberRoute",
      summary: "Which call flow answers the number at an instant, and why",
      uuidOf: "phone number",
      query: AT,
      answer: { status: 200, description: "The route", result: ZNumberRoute },
      failures: { 400: "`at` is not a date and time" },
    },
    run: numberRouteCommand,
  }),
  route("GET", "/voip/sound", {
    doc: { operationId: "listSounds", summary: "Sounds of the account", answer: listOf("The sounds", ZApiSound) },
    run: (call) => listResource({ ...call, params: { resource: "sound" } }),
  }),
  route("POST", "/voip/sound", {
    doc: {
      operationId: "uploadSound",
      summary: `Upload a sound: ${ACCEPTED_FORMATS_TEXT}, at most ${MAX_SOUND_BYTES / (1024 * 1024)} MB and ${MAX_SOUND_DURATION_MS / 60_000} minutes. The format and duration are read from the audio, never from the file's name or type; anything else is refused and nothing is stored`,
      answer: created("The stored sound", ZApiSound),
      failures: {
        400: "The upload is not multipart/form-data with a name and an accepted audio file; `errors` says which field",
        413: `The file is larger than ${MAX_SOUND_BYTES} bytes; nothing was stored`,
      },
    },
    body: SOUND_UPLOAD,
    run: createSound,
  }),
  route("DELETE", "/voip/sound/:uuid", {
    doc: {
      operationId: "deleteSound",
      summary: "Delete a sound and its audio; one that a call flow uses is refused",
      uuidOf: "sound",
      answer: DELETED,
      failures: { 409: "Call flows use the sound; `errors` names them" },
    },
    run: deleteSound,
  }),
  route("GET", "/voip/sound/:uuid/audio", {
    doc: {
      operationId: "getSoundAudio",
      summary:
        "The sound's audio, streamed with its content type. Supports a single byte range, answered with 206; a sound without audio is 404",
      uuidOf: "sound",
      headers: { Range: "bytes=start-end, bytes=start- or bytes=-suffix" },
      answer: {
        responses: {
          "200": {
            description: "The whole audio",
            headers: { "Accept-Ranges": { schema: { const: "bytes" } }, "Content-Length": { schema: { type: "integer" } } },
            content: AUDIO_CONTENT,
          },
          "206": {
            description: "The range asked for",
            headers: { "Content-Range": { description: "bytes start-end/size", schema: { type: "string" } } },
            content: AUDIO_CONTENT,
          },
          "416": { description: "The range starts beyond the audio's end; Content-Range: bytes */size" },
        },
      },
    },
    run: streamSoundAudio,
  }),
  route("GET", "/voip/webhook", {
    doc: {
      operationId: "listWebhookSubscriptions",
      summary: "The webhook subscriptions of the account",
      answer: listOf("The subscriptions, oldest first", ZApiWebhook),
    },
    run: listWebhooksCommand,
  }),
  route("POST", "/voip/webhook", {
    doc: {
      operationId: "createWebhookSubscription",
      summary: "Subscribe to events; the answer carries the signing secret, and no other answer ever does",
      answer: created("The subscription with its secret", ZApiNewWebhook),
      failures: { 409: "The account has as many subscriptions as it may" },
    },
    body: WEBHOOK_BODY,
    run: createWebhookCommand,
  }),
  route("GET", "/voip/webhook/:uuid", {
    doc: {
      operationId: "getWebhookSubscription",
      summary: "One webhook subscription",
      uuidOf: "webhook subscription",
      answer: { status: 200, description: "The subscription", result: ZApiWebhook },
    },
    run: getWebhookCommand,
  }),
  route("PUT", "/voip/webhook/:uuid", {
    doc: {
      operationId: "replaceWebhookSubscription",
      summary: "Replace a subscription's url, events and switches (enabling it again clears disabled_reason)",
      uuidOf: "webhook subscription",
      answer: { status: 200, description: "The stored subscription", result: ZApiWebhook },
    },
    body: WEBHOOK_BODY,
    run: replaceWebhookCommand,
  }),
  route("DELETE", "/voip/webhook/:uuid", {
    doc: {
      operationId: "deleteWebhookSubscription",
      summary: "Delete a subscription and its delivery log",
      uuidOf: "webhook subscription",
      answer: DELETED,
    },
    run: deleteWebhookCommand,
  }),
  route("GET", "/voip/template", {
    doc: {
      operationId: "listTemplates",
      summary: "The API user's template library: the built-in starter templates first, then the account's own by name",
      answer: listOf("The templates", ZApiTemplate),
      failures: { 403: NO_LIBRARY },
    },
    run: listTemplatesCommand,
  }),
  route("POST", "/voip/template", {
    doc: {
      operationId: "createTemplate",
      summary: "Add a template to the library",
      answer: stored(201, "The stored template", ZApiTemplate),
      failures: { 403: NO_LIBRARY },
    },
    body: TEMPLATE_BODY,
    run: createTemplateCommand,
  }),
  route("GET", "/voip/template/:uuid", {
    doc: {
      operationId: "getTemplate",
      summary: "One template of the library, or a starter template",
      uuidOf: "template",
      answer: stored(200, "The template", ZApiTemplate),
      failures: { 403: NO_LIBRARY },
    },
    run: getTemplateCommand,
  }),
  route("PUT", "/voip/template/:uuid", {
    doc: {
      operationId: "replaceTemplate",
      summary: "Replace a template whole; the version goes up and the previous one is kept",
      uuidOf: "template",
      ifMatch: true,
      answer: stored(200, "The stored template", ZApiTemplate),
      failures: { 403: NO_LIBRARY, 409: "Starter templates cannot be changed", 412: STALE },
    },
    body: TEMPLATE_BODY,
    run: replaceTemplateCommand,
  }),
  route("DELETE", "/voip/template/:uuid", {
    doc: {
      operationId: "deleteTemplate",
      summary: "Delete a template; flows made from it stay",
      uuidOf: "template",
      ifMatch: true,
      answer: DELETED,
      failures: { 403: NO_LIBRARY, 409: "Starter templates cannot be deleted", 412: STALE },
    },
    run: deleteTemplateCommand,
  }),
  route("POST", "/voip/template/:uuid/apply", {
    doc: {
      operationId: "applyTemplate",
      summary:
        "Create one flow from the template for each customer, each in its own transaction: a customer that fails gets nothing and the others go on. Each placeholder is bound to the customer's resource given in bindings, else to its only resource of that kind whose name is the placeholder's (ignoring case); a customer outside the API user's tree is not found. The customers are worked by one background job, which goes on whatever happens to the request: the answer waits for it up to 30 seconds (less with `Prefer: wait=N`, not at all with `Prefer: respond-async`)",
      uuidOf: "template",
      headers: { Prefer: "`respond-async` answers 202 at once; `wait=N` waits at most N seconds (at most 30)" },
      answer: [
        {
          status: 200,
          description: "Finished: one result per customer, in the order asked",
          result: z.array(ZApplyResult),
          headers: ["Content-Location"],
        },
        {
          status: 202,
          description: "Not finished yet: the run so far; GET its URL (Location) until status is finished",
          result: ZApplyRun,
          headers: ["Location"],
        },
      ],
      failures: { 403: NO_LIBRARY },
    },
    body: APPLY_BODY,
    run: applyTemplateCommand,
  }),
  route("GET", "/voip/template/:uuid/apply/:run", {
    doc: {
      operationId: "getApplyRun",
      summary: "A run of the template started by the API user's account, with each customer's outcome so far",
      uuidOf: "template",
      params: { run: "The run's uuid" },
      answer: { status: 200, description: "The run", result: ZApplyRun },
      failures: { 403: NO_LIBRARY },
    },
    run: getApplyRunCommand,
  }),
  route("GET", "/voip/customer", {
    doc: {
      operationId: "listCustomers",
      summary: "The reseller's customers, a page at a time, by name",
      query: CUSTOMER_LIST_QUERY,
      answer: { status: 200, description: "One page of customers", result: ZApiCustomerPage },
      failures: { 400: "`limit` is not 1 to 100, or `cursor` is not one this list made", 403: NOT_A_RESELLER },
    },
    run: listCustomersCommand,
  }),
  route("POST", "/voip/customer", {
    doc: {
      operationId: "createCustomer",
      summary:
        "Create a customer, optionally on one of the reseller's plans; with owner_email, also its first user and a one-time set-password link",
      answer: { ...stored(201, "The new customer, and its owner's link", ZApiNewCustomer) },
      failures: { 403: NOT_A_RESELLER, 409: `The name or the owner's email is taken, or ${PLAN_LIMIT}` },
    },
    body: NEW_CUSTOMER_BODY,
    run: createCustomerCommand,
  }),
  route("GET", "/voip/customer/:uuid", {
    doc: {
      operationId: "getCustomer",
      summary: "One customer of the reseller",
      uuidOf: "customer",
      answer: stored(200, "The customer", ZApiCustomer),
      failures: { 403: NOT_A_RESELLER },
    },
    run: getCustomerCommand,
  }),
  route("PUT", "/voip/customer/:uuid", {
    doc: {
      operationId: "replaceCustomer",
      summary:
        "Replace a customer whole: its name, display name, contact email, plan and status (suspended: its users cannot sign in and its API users are refused from their next request; flows and numbers stay)",
      uuidOf: "customer",
      ifMatch: true,
      answer: stored(200, "The stored customer", ZApiCustomer),
      failures: { 403: NOT_A_RESELLER, 409: "The name is taken", 412: STALE },
    },
    body: CUSTOMER_BODY,
    run: replaceCustomerCommand,
  }),
  route("DELETE", "/voip/customer/:uuid", {
    doc: {
      operationId: "deleteCustomer",
      summary:
        "Delete a suspended customer and everything it owns, in one transaction; its phone numbers return to the reseller's inventory",
      uuidOf: "customer",
      ifMatch: true,
      answer: DELETED,
      failures: { 403: NOT_A_RESELLER, 409: "The customer is not suspended: suspend it first", 412: STALE },
    },
    run: deleteCustomerCommand,
  }),
  route("GET", "/voip/plan", {
    doc: {
      operationId: "listPlans",
      summary: "The API user's own plans, by name",
      answer: listOf("The plans", ZApiPlan),
      failures: { 403: NO_PLANS },
    },
    run: listPlansCommand,
  }),
  route("POST", "/voip/plan", {
    doc: {
      operationId: "createPlan",
      summary: "Create a plan: limits (null: unlimited) and the module types flows may use (null: every type)",
      answer: stored(201, "The stored plan", ZApiPlan),
      failures: { 403: NO_PLANS, 409: "A plan with this name exists" },
    },
    body: PLAN_BODY,
    run: createPlanCommand,
  }),
  route("GET", "/voip/plan/:uuid", {
    doc: {
      operationId: "getPlan",
      summary: "One plan",
      uuidOf: "plan",
      answer: stored(200, "The plan", ZApiPlan),
      failures: { 403: NO_PLANS },
    },
    run: getPlanCommand,
  }),
  route("PUT", "/voip/plan/:uuid", {
    doc: {
      operationId: "replacePlan",
      summary: "Replace a plan whole; accounts over a lowered limit keep what they have and can add no more",
      uuidOf: "plan",
      ifMatch: true,
      answer: stored(200, "The stored plan", ZApiPlan),
      failures: { 403: NO_PLANS, 409: "A plan with this name exists", 412: STALE },
    },
    body: PLAN_BODY,
    run: replacePlanCommand,
  }),
  route("DELETE", "/voip/plan/:uuid", {
    doc: {
      operationId: "deletePlan",
      summary: "Delete a plan no customer is on",
      uuidOf: "plan",
      ifMatch: true,
      answer: DELETED,
      failures: { 403: NO_PLANS, 409: "Customers are on the plan; the message says how many", 412: STALE },
    },
    run: deletePlanCommand,
  }),
  route("POST", "/voip/import/:kind", {
    doc: {
      each: {
        customers: importOperation("customers", "importCustomers"),
        numbers: importOperation("numbers", "importNumbers"),
        users: importOperation("users", "importUsers"),
      },
    },
    route: kindRoute("import"),
    body: CSV_UPLOAD,
    run: importCommand,
  }),
  route("GET", "/voip/import/:uuid", {
    doc: {
      operationId: "getImport",
      summary: "An import run of the API user's account: its status and counts so far, and each failed row",
      uuidOf: "import run",
      answer: { status: 200, description: "The run", result: ZImportRun },
    },
    run: getImportCommand,
  }),
  route("GET", "/voip/export/:kind", {
    doc: {
      each: {
        customers: exportOperation("customers", "exportCustomers"),
        numbers: exportOperation("numbers", "exportNumbers"),
        users: exportOperation("users", "exportUsers"),
      },
    },
    route: kindRoute("export"),
    run: exportCommand,
  }),
  route("GET", "/voip/branding", {
    doc: {
      operationId: "getBranding",
      summary:
        "The brand the account shows: its own, else that of the nearest reseller above it that has one (a nested reseller inherits its parent's), else the platform's",
      answer: { status: 200, description: "The brand", result: ZApiBrand },
    },
    run: getBrandingCommand,
  }),
  route("PUT", "/voip/branding", {
    doc: {
      operationId: "replaceBranding",
      summary:
        "Set the reseller's brand whole: optional fields left out return to their defaults. A colour under WCAG AA contrast (4.5:1) with white text is refused, with the measured ratio",
      answer: { status: 200, description: "The stored brand", result: ZApiBrand },
      failures: { 403: NO_BRAND },
    },
    body: BRAND_BODY,
    run: replaceBrandingCommand,
  }),
  ...(["logo", "favicon"] as const).flatMap((slot) => [
    route("PUT", `/voip/branding/${slot}`, {
      doc: {
        operationId: slot === "logo" ? "uploadBrandLogo" : "uploadBrandFavicon",
        summary: `Set the brand's ${slot}: the request body is the image (PNG, WebP or SVG, at most 256 KB), whatever its Content-Type says. An SVG is stored without scripts, event handlers, foreignObject or external references`,
        answer: { status: 200, description: "The brand with its new image", result: ZApiBrand },
        failures: {
          400: "The body is not a PNG, WebP or SVG image, or nothing of the SVG can be shown safely",
          403: NO_BRAND,
          413: "The image is larger than 256 KB",
        },
      },
      body: BRAND_IMAGE_UPLOAD,
      run: uploadBrandImageCommand(slot),
    }),
    route("DELETE", `/voip/branding/${slot}`, {
      doc: {
        operationId: slot === "logo" ? "deleteBrandLogo" : "deleteBrandFavicon",
        summary: `Remove the brand's ${slot}`,
        answer: DELETED,
        failures: { 403: NO_BRAND },
      },
      run: removeBrandImageCommand(slot),
    }),
  ]),
  route("GET", "/voip/:resource", { doc: { each: RESOURCE_LIST_OPERATIONS }, route: resourceRoute, run: listResource }),
];
