import { clientIp } from "@/server/auth/client-ip";
import { refuseCrossSite } from "@/server/auth/request-guard";
import { actorFromSessionToken, renewedSessionCookie, sessionCookieOf } from "@/server/auth/session-token";
import { noteRequest } from "@/server/observability/request-context";
import { AppError } from "@/server/errors";
import { type Context, TRPCError } from "./init";

/**
 * The signed-in actor from next-auth's session cookie (server/auth/session.ts): the user is
 * re-read from the database on every request and the token's session version checked, so a
 * disabled user or a session ended everywhere is refused at once. Only the cookie counts (no
 * Authorization header), as for the pages. A renewed session cookie goes out with the answer.
 * A state-changing request from another site is refused before anything runs (POST carries
 * mutations, and queries too: the client overrides their method).
 */
export async function createContext(request: Request, responseHeaders: Headers): Promise<Context> {
  try {
    refuseCrossSite(request.method, request.headers);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
  }
  const session = sessionCookieOf(request.headers.get("cookie"));
  const actor = await actorFromSessionToken(session?.value);
  if (actor) noteRequest({ actor: `user:${actor.userId}`, accountId: actor.accountId });
  return {
    actor,
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent") ?? "",
    renewSession: async (sessionVersion) => {
      const cookie = session && (await renewedSessionCookie(session, sessionVersion));
      if (cookie) responseHeaders.append("Set-Cookie", cookie);
    },
  };
}
