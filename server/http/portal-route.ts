import "server-only";
import type { RequestContext } from "@/server/auth/actor";
import { clientIp } from "@/server/auth/client-ip";
import { refuseCrossSite, signedInActor } from "@/server/auth/request-guard";
import { actorFromSessionToken, sessionCookieOf } from "@/server/auth/session-token";
import { asAppError, httpStatusOf, retryHeaders } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { currentRequest } from "@/server/observability/request-context";

/**
 * The portal's file routes (tRPC carries no files): the signed-in user's session, read from the
 * request's own Cookie header as tRPC reads it (server/trpc/context.ts) and held to the same rules
 * (server/auth/request-guard.ts), the same services as tRPC and REST, and errors as
 * `{ error: { code, message, issues } }`, the codes tRPC clients already branch on. Every route
 * handler under app/api but next-auth's goes through here (tests/unit/portal-routes.test.ts).
 */
export async function portalFileRoute(request: Request, handle: (ctx: RequestContext) => Promise<Response>): Promise<Response> {
  try {
    refuseCrossSite(request.method, request.headers);
    const actor = signedInActor(await actorFromSessionToken(sessionCookieOf(request.headers.get("cookie"))?.value));
    return await handle({ principal: actor, ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") ?? "" });
  } catch (thrown) {
    const error = asAppError(thrown);
    if (!error) {
      logger.error(
        { err: thrown, requestId: currentRequest()?.requestId, method: request.method, path: new URL(request.url).pathname },
        "Portal file route failed",
      );
      return Response.json(
        { error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong", issues: [] } },
        { status: 500 },
      );
    }
    return Response.json(
      { error: { code: error.code, message: error.message, issues: error.issues } },
      { status: httpStatusOf(error), headers: { "Cache-Control": "no-store", ...retryHeaders(error) } },
    );
  }
}
