import type { RequestContext } from "@/server/auth/actor";
import { clientIp } from "@/server/auth/client-ip";
import { asAppError, notFound } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { currentRequest, noteRequest } from "@/server/observability/request-context";
import { apiAuthenticator, type ReadAlong } from "./authenticate";
import { readJsonBody } from "./body";
import { envelope, failureResponse, tooManyRequestsResponse, unauthorizedResponse, type RestStatus } from "./envelope";
import { recordApiRequest } from "./metering";

/**
 * The one way into the REST API: every /voip route (server/rest/routes.ts) is built by
 * `voipEndpoint`, which authenticates, resolves the account acted for, reads the body, maps
 * errors to the envelope and meters the request. A command only does its own work.
 */

export type RouteParams = Record<string, string>;

type NoAlong = Record<string, never>;

export type VoipCall<Params extends RouteParams = RouteParams, Along extends object = NoAlong> = {
  request: Request;
  /** Who calls (an API credential) and from where, for the services and the audit trail. */
  ctx: RequestContext;
  /** The account acted for: X-Auth-For's, or the credential's own. */
  accountId: string;
  params: Params;
  /** The parsed JSON body, for endpoints that take one; undefined otherwise (a "stream" endpoint
   * reads `request.body` itself). */
  body: unknown;
  /** What the endpoint's `readAlong` read in authentication's round trip. */
  along: Along;
};

/** A result in the envelope, or (for what is not JSON, such as audio) a response of its own. */
export type VoipOutcome =
  | { status: Extract<RestStatus, 200 | 201 | 202 | 204>; result?: unknown; headers?: Record<string, string> }
  | { response: Response };

export type VoipEndpoint<Params extends RouteParams, Along extends object = NoAlong> = {
  /** The route template metering groups by, e.g. `/voip/flow/{uuid}`. */
  route: string | ((params: Params) => string);
  /** true: a JSON body, read and limited here. "stream": the command reads the request body as
   * it arrives (a multipart upload), under its own limits. */
  takesBody?: boolean | "stream";
  /** Rows the endpoint needs, read in the same query as the credential (one round trip for a
   * read such as GET /voip/flow/{uuid}); `run` gets them as `call.along`. */
  readAlong?: ReadAlong<Params>;
  run: (call: VoipCall<Params, Along>) => Promise<VoipOutcome>;
};

/** Who a request turned out to be, as far as it got: what metering records. */
type MeteredCaller = { accountId: string | null };

type Authenticate<Params, Along extends object> = ReturnType<typeof apiAuthenticator<Params, Along>>;

async function serve<Params extends RouteParams, Along extends object>(
  request: Request,
  params: Params,
  endpoint: VoipEndpoint<Params, Along>,
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
  const body = endpoint.takesBody === true ? await readJsonBody(request) : undefined;
  const ctx: RequestContext = { principal: actor, ip, userAgent: request.headers.get("user-agent") ?? "" };
  const outcome = await endpoint.run({ request, ctx, accountId, params, body, along });
  if ("response" in outcome) return outcome.response;
  return envelope(outcome.status, outcome.result ?? {}, outcome.headers);
}

export type VoipHandler<Params extends RouteParams = RouteParams> = (request: Request, params: Params) => Promise<Response>;

export function voipEndpoint<Params extends RouteParams = Record<string, never>, Along extends object = NoAlong>(
  endpoint: VoipEndpoint<Params, Along>,
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
