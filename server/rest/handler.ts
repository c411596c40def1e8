import type { RequestContext } from "@/server/auth/actor";
import { clientIp } from "@/server/auth/client-ip";
import { AppError, asAppError, notFound } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { currentRequest, noteRequest } from "@/server/observability/request-context";
import { apiAuthenticator, type ReadAlong } from "./authenticate";
import { readJsonBody, readJsonBytes } from "./body";
import { parseBody, type RestBody, type StreamedBody, withApiFieldNames } from "./input";
import { envelope, failureResponse, tooManyRequestsResponse, unauthorizedResponse, type RestStatus } from "./envelope";
import { recordApiRequest } from "./metering";

/**
 * The one way into the REST API: every /voip route (server/rest/routes.ts) is built by
 * `voipEndpoint`, which authenticates, resolves the account acted for, reads and parses the body
 * (server/rest/input.ts), maps errors to the envelope and meters the request. A command only
 * does its own work.
 */

export type RouteParams = Record<string, string>;

type NoAlong = Record<string, never>;

export type VoipCall<Params extends RouteParams = RouteParams, Along extends object = NoAlong, Body = unknown> = {
  request: Request;
  /** Who calls (an API credential) and from where, for the services and the audit trail. */
  ctx: RequestContext;
  /** The account acted for: X-Auth-For's, or the credential's own. */
  accountId: string;
  params: Params;
  /** The JSON body as the endpoint's `body` parsed it; undefined otherwise (a streamed body is
   * read from `request.body` by the command itself). */
  body: Body;
  /** What the endpoint's `readAlong` read in authentication's round trip. */
  along: Along;
};

/** A result in the envelope, or (for what is not JSON, such as audio) a response of its own. */
export type VoipOutcome =
  | { status: Extract<RestStatus, 200 | 201 | 202 | 204>; result?: unknown; headers?: Record<string, string> }
  | { response: Response };

/** A command that takes a JSON body, parsed into its service's input. */
export type BodyCall<Body, Params extends RouteParams = RouteParams> = VoipCall<Params, NoAlong, Body>;

export type VoipEndpoint<Params extends RouteParams, Along extends object = NoAlong, Body = unknown> = {
  /** The route template metering groups by, e.g. `/voip/flow/{uuid}`. */
  route: string | ((params: Params) => string);
  /** A JSON body, read and limited here and parsed by its schema; or one the command reads as it
   * arrives (a multipart upload), under its own limits. */
  body?: RestBody<Body> | StreamedBody;
  /** Rows the endpoint needs, read in the same query as the credential (one round trip for a
   * read such as GET /voip/flow/{uuid}); `run` gets them as `call.along`. */
  readAlong?: ReadAlong<Params, Along>;
  /** Places in this process that requests of the endpoint take before their body is read, so a
   * burst of large bodies waits its turn unread instead of filling memory; none free in time: 503. */
  places?: RequestPlaces;
  run: (call: VoipCall<Params, Along, Body>) => Promise<VoipOutcome>;
};

export type RequestPlaces = {
  /** True once a place is the request's; false when none came in time. */
  take: () => Promise<boolean>;
  release: () => void;
};

function isJsonBody<Body>(body: RestBody<Body> | StreamedBody | undefined): body is RestBody<Body> {
  return body !== undefined && "schema" in body;
}

/** Who a request turned out to be, as far as it got: what metering records. */
type MeteredCaller = { accountId: string | null };

type Authenticate<Params, Along extends object> = ReturnType<typeof apiAuthenticator<Params, Along>>;

async function serve<Params extends RouteParams, Along extends object, Body>(
  request: Request,
  params: Params,
  endpoint: VoipEndpoint<Params, Along, Body>,
  authenticate: Authenticate<Params, Along>,
  caller: MeteredCaller,
): Promise<Response> {
  const ip = clientIp(request.headers);
  const authentication = await authenticate(request.headers, ip, params);
  if (!authentication.ok) {
    return authentication.reason === "locked"
      ? tooManyRequestsResponse(authentication.retryAfterMinutes)
      : unauthorizedResponse();
  }
  const { actor, actingAccountId: accountId, along } = authentication;
  // X-Auth-For naming an account out of reach is NOT_FOUND, exactly like a name that does not exist.
  if (accountId === null) throw notFound("Account");
  caller.accountId = accountId;
  noteRequest({ accountId, actor: `api:${actor.apiCredentialId}` });
  const { places } = endpoint;
  if (places && !(await places.take())) throw new AppError("RETRY_LATER", "The server is busy with other requests like this one");
  try {
    const input = isJsonBody(endpoint.body) ? endpoint.body : undefined;
    const body = (
      input === undefined
        ? undefined
        : input.parsedByCommand
          ? await readJsonBytes(request, input.maxBytes)
          : parseBody(input, await readJsonBody(request, input.maxBytes), params.uuid)
    ) as Body;
    const ctx: RequestContext = { principal: actor, ip, userAgent: request.headers.get("user-agent") ?? "" };
    // The services name the fields they refuse as the portal does; the API's clients know the provider's names.
    const outcome = await endpoint.run({ request, ctx, accountId, params, body, along }).catch((error: unknown) => {
      throw input ? withApiFieldNames(input, error) : error;
    });
    if ("response" in outcome) return outcome.response;
    return envelope(outcome.status, outcome.result ?? {}, outcome.headers);
  } finally {
    places?.release();
  }
}

export type VoipHandler<Params extends RouteParams = RouteParams> = (request: Request, params: Params) => Promise<Response>;

export function voipEndpoint<Params extends RouteParams = Record<string, never>, Along extends object = NoAlong, Body = unknown>(
  endpoint: VoipEndpoint<Params, Along, Body>,
): VoipHandler<Params> {
  const authenticate = apiAuthenticator<Params, Along>(endpoint.readAlong);
  return async function handle(request, params) {
    const at = new Date();
    const started = performance.now();
    const route = typeof endpoint.route === "string" ? endpoint.route : endpoint.route(params);
    const caller: MeteredCaller = { accountId: null };
    noteRequest({ route });
    let status = 500;
    try {
      const response = await serve(request, params, endpoint, authenticate, caller).catch((error: unknown) => {
        // The client gets a bare 500; the details (stack, SQL) stay in the server's log.
        if (!asAppError(error)) {
          logger.error({ err: error, requestId: currentRequest()?.requestId, route }, "REST command failed");
        }
        return failureResponse(error);
      });
      status = response.status;
      return response;
    } finally {
      recordApiRequest({
        at,
        ...caller,
        method: request.method,
        route,
        status,
        durationMs: Math.round(performance.now() - started),
      });
    }
  };
}
