import { z } from "zod";
import { isObject } from "@/server/domain/json";
import { AppError, type FieldIssue, invalidInput, unknownField, zodFieldIssues } from "@/server/errors";
import { withApiNames } from "./api-schemas";
import { MAX_BODY_BYTES } from "./body";

// ─── THE REST API'S ONE INPUT LAYER ─── every JSON body is parsed here (the handler calls
// `parseBody` for the route's declared body), by the zod schema of the tRPC input it stands for.
// What the provider's API does differently is declared once per body, never handled by hand in a
// command: its field names, the fields GET answers beside the writable ones, the uuid in the path.

type ApiNames = Readonly<Record<string, string>>;

export type RestBody<Input> = {
  /** What the body is, for messages: "The schedule has 2 errors", "is not a field of a schedule". */
  readonly what: string;
  /** Its schema's name in the OpenAPI document. */
  readonly name: string;
  /** The tRPC input's schema, in the services' field names; an object is strict here, so a
   * misspelt field is refused rather than dropped. */
  readonly schema: z.ZodType<Input>;
  /** The services' names of the top-level fields the provider names otherwise, and back. */
  readonly apiNames: ApiNames;
  readonly serviceNames: ReadonlyMap<string, string>;
  /** What GET answers beside the writable fields: accepted and ignored, so an object read with
   * GET can be sent back whole. A `uuid` among them must name the object in the path, if any. */
  readonly readOnly: ReadonlySet<string>;
  /** The body as the OpenAPI document describes it, in the provider's names. */
  readonly documented: z.ZodType;
  /** The largest body accepted, in bytes (413 beyond). */
  readonly maxBytes: number;
  /** The handler reads and limits the body, and the command gets its bytes to parse (with
   * parseBody) where it does its work: see parsedByCommand. */
  readonly parsedByCommand?: true;
};

type RestBodyDefinition<Input> = {
  what: string;
  name: string;
  schema: z.ZodType<Input>;
  /** For a schema zod cannot describe (a document the domain checks in code): its fields. A
   * transform is described by the object it takes. */
  documentedAs?: z.ZodObject;
  apiNames?: ApiNames;
  readOnly?: Readonly<Record<string, z.ZodType>>;
  /** A body larger than the API's usual MAX_BODY_BYTES (a batch of calls). */
  maxBytes?: number;
};

export function restBody<Input>(definition: RestBodyDefinition<Input>): RestBody<Input> {
  const { what, name, schema, apiNames = {}, readOnly = {}, maxBytes = MAX_BODY_BYTES } = definition;
  const described = definition.documentedAs ?? (schema instanceof z.ZodPipe ? schema.in : schema);
  if (!(described instanceof z.ZodObject)) throw new Error(`The body ${name} needs documentedAs: an object schema`);
  const readOnlyFields = Object.fromEntries(
    Object.entries(readOnly).map(([field, type]) => [field, type.optional().meta({ readOnly: true })]),
  );
  return {
    what,
    name,
    schema: schema instanceof z.ZodObject ? (schema.strict() as unknown as z.ZodType<Input>) : schema,
    apiNames,
    serviceNames: new Map(Object.entries(apiNames).map(([service, api]) => [api, service])),
    readOnly: new Set(Object.keys(readOnly)),
    documented: z.strictObject({ ...withApiNames(described.shape, apiNames), ...readOnlyFields }),
    maxBytes,
  };
}

/**
 * The same body, read and limited by the handler but parsed by the command: it gets the body's
 * bytes, for a command that works off the request thread (a batch of calls), so a large body is
 * never parsed where the portal's other requests wait. Documented as `body` is.
 */
export function parsedByCommand<Input>(body: RestBody<Input>): RestBody<Uint8Array> {
  return { ...body, parsedByCommand: true } as unknown as RestBody<Uint8Array>;
}

/** An issue's path with its first field under the provider's name. */
function inApiNames(apiNames: ApiNames, issue: FieldIssue): FieldIssue {
  const [first = "", ...rest] = issue.path.split(".");
  return Object.hasOwn(apiNames, first) ? { ...issue, path: [apiNames[first], ...rest].join(".") } : issue;
}

/** A service's error about the body, naming its fields as the provider does. */
export function withApiFieldNames(body: RestBody<unknown>, error: unknown): unknown {
  if (!(error instanceof AppError) || error.issues.length === 0) return error;
  return new AppError(
    error.code,
    error.message,
    error.issues.map((issue) => inApiNames(body.apiNames, issue)),
  );
}

function sameUuid(sent: unknown, path: string): boolean {
  return typeof sent === "string" && sent.toLowerCase() === path.toLowerCase();
}

/**
 * The body as its service takes it: read-only fields dropped, the provider's names turned into
 * the services', then the schema. Every problem is reported at once, at the provider's path; a
 * 400 (AppError BAD_REQUEST) when there is any. `pathUuid` is the uuid of the object the URL names.
 */
export function parseBody<Input>(body: RestBody<Input>, value: unknown, pathUuid?: string): Input {
  if (!isObject(value)) throw invalidInput(body.what, [{ path: "", message: `The ${body.what} must be a JSON object` }]);
  const issues: FieldIssue[] = [];
  const fields: [string, unknown][] = [];
  for (const [field, fieldValue] of Object.entries(value)) {
    if (body.readOnly.has(field)) continue;
    if (Object.hasOwn(body.apiNames, field)) {
      // The service's own spelling of a field the provider names otherwise is no field of the API.
      issues.push(unknownField([], field, body.what));
      continue;
    }
    fields.push([body.serviceNames.get(field) ?? field, fieldValue]);
  }
  if (pathUuid !== undefined && body.readOnly.has("uuid") && value.uuid !== undefined && !sameUuid(value.uuid, pathUuid)) {
    issues.push({ path: "uuid", message: `"uuid" must be this ${body.what}'s uuid, as in the URL, or be left out` });
  }
  // fromEntries, not assignment: a "__proto__" field stays a field for the schema to judge.
  const parsed = body.schema.safeParse(Object.fromEntries(fields));
  if (!parsed.success)
    issues.push(...zodFieldIssues(parsed.error.issues, body.what).map((issue) => inApiNames(body.apiNames, issue)));
  if (issues.length > 0) throw invalidInput(body.what, issues);
  return parsed.data as Input;
}

/** A body the command reads itself as it arrives (a multipart upload), under its own limits. */
export type StreamedBody = {
  readonly mediaType: string;
  /** Its fields, for the OpenAPI document. */
  readonly documented: z.ZodType;
};
