import { z } from "zod";
import { FAILURE_WINDOW_MINUTES, MAX_FAILURES, MAX_FAILURES_PER_USER } from "@/server/auth/failure-limit";
import {
  type AnyModuleTypeDefinition,
  MAX_MODULES,
  MODULE_KEY_MAX_LENGTH,
  MODULE_TYPES,
  moduleTypeDefinition,
  TERMINATING_MODULE_TYPES,
  ZFlowMap,
  ZFlowModule,
} from "@/server/domain/call-flow";
import { API_SCHEMAS, ZFieldIssue } from "./api-schemas";
import { MAX_BODY_BYTES } from "./body";
import { EXPLAINED, type RestStatus, STATUS_MESSAGES } from "./envelope";
import type { RestBody, StreamedBody } from "./input";
import { type Answer, type Operation, type OperationFailure, VOIP_ROUTES, type VoipRoute } from "./routes";

// The REST API described as OpenAPI 3.1, served at GET /voip/openapi.json, generated from the
// route table (server/rest/routes.ts): each route's operation, the zod schema of its body (the
// one the handler parses it with) and of its answer (server/rest/api-schemas.ts), through zod's
// JSON Schema output. What is written here by hand is text: descriptions, and the headers and
// statuses every command shares. Rules beyond JSON Schema (one start module, routes that
// resolve…) are described in words.

type JsonSchema = Record<string, unknown>;
type Method = Lowercase<VoipRoute["method"]>;

const schemaRef = (id: string) => `#/components/schemas/${id}`;
const ref = (kind: "parameters" | "responses" | "headers", name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** Schemas that are part of an operation rather than components: inlined where they are used. */
const INLINE = "inline:";

/** The failures every command can answer, whatever it does. */
const COMMON_FAILURES = [401, 404, 429, 500, 503] as const satisfies readonly RestStatus[];

const FAILURES: Record<OperationFailure | (typeof COMMON_FAILURES)[number], { name: string; description: string }> = {
  400: { name: "BadRequest", description: "The request is invalid; `errors` lists every problem at its field" },
  401: { name: "Unauthorized", description: "Missing, wrong or revoked credentials (the same answer for each)" },
  403: { name: "Forbidden", description: "The API user may not do this" },
  404: {
    name: "NotFound",
    description: "No such object or account for this API user (the same answer whether it exists elsewhere or not)",
  },
  409: {
    name: "Conflict",
    description:
      "The change conflicts with the account's other objects (`errors` says how), or would pass a limit of the account's plan: then `status_message` names it, e.g. `Plan limit reached: at most 5 call flows (plan \"Starter\")`",
  },
  412: { name: "PreconditionFailed", description: "If-Match no longer matches: it was changed since; nothing was changed" },
  413: { name: "PayloadTooLarge", description: `The body is larger than ${MAX_BODY_BYTES} bytes` },
  429: {
    name: "TooManyRequests",
    description: "Too many failed authentications for this API user, from this address or from all addresses",
  },
  500: { name: "InternalServerError", description: "Something went wrong on the server; nothing about it is disclosed" },
  503: { name: "ServiceUnavailable", description: "The database is busy: nothing was written; try again after Retry-After" },
};

const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } };

/** An answer in the provider's envelope, `status_code` equal to the HTTP status. */
function envelopeOf(status: RestStatus, result: z.ZodType) {
  return z.strictObject({
    result,
    status_code: z.literal(status),
    // A 409 of a plan's limit names the limit instead ("Plan limit reached: at most 5 call flows (plan \"Starter\")").
    status_message: status === 409 ? z.string() : z.literal(STATUS_MESSAGES[status]),
    ...(EXPLAINED.has(status) ? { errors: z.array(ZFieldIssue) } : {}),
  });
}

type DocumentedOperation = { method: Method; path: string; operation: Operation; body?: RestBody<unknown> | StreamedBody };

/** Every operation of the table, a route serving several lists (`/voip/:resource`) as one per
 * list, but those with a route of their own. */
function operationsOf(routes: readonly VoipRoute[]): DocumentedOperation[] {
  const template = (path: string) => path.replace(/:(\w+)/g, "{$1}");
  const own = new Set(routes.map((route) => `${route.method} ${template(route.path)}`));
  return routes.flatMap(({ method, path, doc, body }) => {
    if (!("each" in doc)) return [{ method: method.toLowerCase() as Method, path: template(path), operation: doc, body }];
    return Object.entries(doc.each)
      .map(([value, operation]) => ({ path: path.replace(/:\w+/, value), operation }))
      .filter(({ path: concrete }) => !own.has(`${method} ${concrete}`))
      .map(({ path: concrete, operation }) => ({ method: method.toLowerCase() as Method, path: concrete, operation, body }));
  });
}

const answersOf = ({ answer }: Operation): readonly Answer[] => (Array.isArray(answer) ? answer : [answer as Answer]);

function isJsonBody(body: RestBody<unknown> | StreamedBody): body is RestBody<unknown> {
  return "schema" in body;
}

/** What a JSON body says of the fields GET adds, so clients know they may send an object back whole. */
function bodyDescription(body: RestBody<unknown>): string {
  const sentences = [`The ${body.what}, as JSON (Content-Type: application/json), at most ${body.maxBytes} bytes.`];
  if (body.readOnly.size > 0) {
    const fields = [...body.readOnly].join(", ");
    sentences.push(`${fields}, as GET answers them, are accepted and ignored, so what GET answers can be sent back whole.`);
    if (body.readOnly.has("uuid")) sentences.push("A uuid must be the one in the URL, if any.");
  }
  sentences.push("Unknown fields are refused.");
  return sentences.join(" ");
}

function moduleDescription(definition: AnyModuleTypeDefinition): string {
  const terminating = TERMINATING_MODULE_TYPES.has(definition.type) ? "Terminating: the call ends here." : undefined;
  return [definition.help, definition.apiDetails, terminating].filter(Boolean).join(" ");
}

/**
 * zod's JSON Schema 2020-12 (OpenAPI 3.1's dialect) of every schema registered, in one pass per
 * direction: bodies and parameters as clients send them (`input`: defaults may be left out),
 * answers as the server gives them (`output`). Registered schemas refer to each other by $ref.
 */
function jsonSchemas(registry: z.core.$ZodRegistry<{ id: string }>, io: "input" | "output"): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: schemaRef });
  if ("__shared" in schemas) throw new Error("A schema of the API is recursive or unnamed where it is shared");
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]),
  );
}

function openApiDocumentOf(routes: readonly VoipRoute[]) {
  const operations = operationsOf(routes);
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  const modules = MODULE_TYPES.map(moduleTypeDefinition);
  for (const registry of [inputs, outputs]) {
    for (const definition of modules) registry.add(definition.schema, { id: definition.apiSchemaName });
    registry.add(ZFlowModule, { id: "FlowModule" }).add(ZFlowMap, { id: "FlowMap" }).add(ZFieldIssue, { id: "FieldIssue" });
  }
  for (const [id, schema] of Object.entries(API_SCHEMAS)) if (id !== "FieldIssue") outputs.add(schema, { id });
  for (const body of new Set(operations.flatMap(({ body }) => (body && isJsonBody(body) ? [body] : []))))
    inputs.add(body.documented, { id: body.name });

  const uuid = z.uuid();
  inputs.add(uuid, { id: `${INLINE}uuid` });
  for (const status of Object.keys(FAILURES).map(Number) as RestStatus[])
    outputs.add(envelopeOf(status, z.strictObject({})), { id: `${INLINE}failure.${status}` });
  for (const { operation, body } of operations) {
    const { operationId, query } = operation;
    for (const answer of answersOf(operation))
      if ("result" in answer)
        outputs.add(envelopeOf(answer.status, answer.result), { id: `${INLINE}${operationId}.answer.${answer.status}` });
    if (query) inputs.add(query, { id: `${INLINE}${operationId}.query` });
    for (const [name, param] of Object.entries(operation.params ?? {}))
      if (typeof param !== "string") inputs.add(param.schema, { id: `${INLINE}${operationId}.path.${name}` });
    if (body && !isJsonBody(body)) inputs.add(body.documented, { id: `${INLINE}${operationId}.body` });
  }

  const generated = { ...jsonSchemas(inputs, "input"), ...jsonSchemas(outputs, "output") };
  const inline = (id: string) => generated[`${INLINE}${id}`]!;
  const schemas = Object.fromEntries(Object.entries(generated).filter(([id]) => !id.startsWith(INLINE)));

  // What the domain checks beyond JSON Schema, said in words; the module types' own words.
  Object.assign(schemas.FlowMap!, {
    description:
      "Module key to module. Exactly one start module; every route (next, match, nomatch, noanswer, menu choices) names a module of this map; no loop may repeat without waiting for the caller; resources (SIP users, sounds...) must belong to the account.",
    propertyNames: { minLength: 1, maxLength: MODULE_KEY_MAX_LENGTH },
    maxProperties: MAX_MODULES,
  });
  for (const definition of modules) schemas[definition.apiSchemaName]!.description = moduleDescription(definition);
  schemas.FlowModule!.discriminator = {
    propertyName: "module",
    mapping: Object.fromEntries(
      modules.flatMap((definition) =>
        [definition.type, ...(definition.aliases ?? [])].map((spelling) => [spelling, schemaRef(definition.apiSchemaName)]),
      ),
    ),
  };

  function parameters({ path, operation }: DocumentedOperation) {
    const described: Record<string, string> = {
      ...(operation.uuidOf ? { uuid: `The ${operation.uuidOf}'s uuid` } : {}),
      ...Object.fromEntries(
        Object.entries(operation.params ?? {}).map(([name, param]) => [
          name,
          typeof param === "string" ? param : param.description,
        ]),
      ),
    };
    const schemaOf = (name: string) => {
      const param = operation.params?.[name];
      return param === undefined || typeof param === "string" ? inline("uuid") : inline(`${operation.operationId}.path.${name}`);
    };
    const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
    if (inPath.some((name) => !Object.hasOwn(described, name)))
      throw new Error(`${operation.operationId}: describe the path's parameters (uuidOf, params)`);
    const query = operation.query
      ? (inline(`${operation.operationId}.query`) as { properties: Record<string, JsonSchema> })
      : null;
    const queryRequired = new Set(operation.query ? ((inline(`${operation.operationId}.query`).required as string[]) ?? []) : []);
    return [
      ref("parameters", "ActingFor"),
      ...inPath.map((name) => ({
        name,
        in: "path",
        required: true,
        description: described[name],
        schema: schemaOf(name),
      })),
      ...(operation.ifMatch ? [ref("parameters", "IfMatch")] : []),
      ...Object.entries(query?.properties ?? {}).map(([name, { description, examples, ...schema }]) => ({
        name,
        in: "query",
        required: queryRequired.has(name),
        description,
        schema,
        ...(Array.isArray(examples) ? { example: examples[0] } : {}),
      })),
      ...Object.entries(operation.headers ?? {}).map(([name, description]) => ({
        name,
        in: "header",
        required: false,
        description,
        schema: { type: "string" },
      })),
    ];
  }

  function requestBody(operationId: string, body: RestBody<unknown> | StreamedBody) {
    if (!isJsonBody(body)) return { required: true, content: { [body.mediaType]: { schema: inline(`${operationId}.body`) } } };
    return {
      required: true,
      description: bodyDescription(body),
      content: { "application/json": { schema: { $ref: schemaRef(body.name) } } },
    };
  }

  function success(operationId: string, answer: Answer) {
    if ("responses" in answer) return answer.responses;
    if (answer.status === 204) return { [answer.status]: { description: answer.description } };
    const headers = answer.headers && Object.fromEntries(answer.headers.map((name) => [name, ref("headers", name)]));
    return {
      [answer.status]: {
        description: answer.description,
        ...(headers ? { headers } : {}),
        content: { "application/json": { schema: inline(`${operationId}.answer.${answer.status}`) } },
      },
    };
  }

  function responses(operation: Operation, body: DocumentedOperation["body"]) {
    const { operationId, failures = {} } = operation;
    const answers = Object.assign({}, ...answersOf(operation).map((answer) => success(operationId, answer)));
    // A body can be refused (400) or too large (413), whatever the operation.
    const refusedBody = (body ? [400, 413] : []).map((status) => [
      String(status),
      ref("responses", FAILURES[status as 400].name),
    ]);
    const explained = Object.entries(failures).map(([status, description]) => [
      status,
      { ...ref("responses", FAILURES[Number(status) as OperationFailure].name), description },
    ]);
    const common = COMMON_FAILURES.map((status) => [String(status), ref("responses", FAILURES[status].name)]);
    // Statuses are integer keys, which objects (and so the JSON) keep in ascending order.
    return { ...answers, ...Object.fromEntries(refusedBody), ...Object.fromEntries(explained), ...Object.fromEntries(common) };
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const documented of operations) {
    const { method, path, operation, body } = documented;
    paths[path] = {
      ...paths[path],
      [method]: {
        operationId: operation.operationId,
        summary: operation.summary,
        parameters: parameters(documented),
        ...(body ? { requestBody: requestBody(operation.operationId, body) } : {}),
        responses: responses(operation, body),
      },
    };
  }
  paths["/voip/openapi.json"] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      security: [],
      responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Call Flow Portal REST API",
      version: "1.0.0",
      description: [
        "Compatible with the VoIP provider's call-flow API. Every response is an envelope",
        "`{result, status_code, status_message}` whose `status_code` equals the HTTP status; a 400, 409, 412, 413 or 503",
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
    security: [{ ResellerName: [], ApiUser: [], ApiPassword: [] }],
    paths,
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
        IfMatch: {
          name: "If-Match",
          in: "header",
          required: false,
          description:
            "An ETag from a GET, POST or PUT of this object (or *): the change is made only if the object is still at that version, else 412",
          schema: { type: "string" },
        },
      },
      headers: {
        ETag: { description: "The object's current version, for If-Match", schema: { type: "string" } },
        Location: { description: "The new object's URL", schema: { type: "string" } },
        "Content-Location": { description: "Where the same outcome can be read again", schema: { type: "string" } },
      },
      responses: Object.fromEntries(
        Object.entries(FAILURES).map(([status, { name, description }]) => [
          name,
          {
            description,
            ...(status === "429" || status === "503" ? { headers: RETRY_AFTER } : {}),
            content: { "application/json": { schema: inline(`failure.${status}`) } },
          },
        ]),
      ),
      schemas,
    },
  };
}

export const openApiDocument = openApiDocumentOf(VOIP_ROUTES);
