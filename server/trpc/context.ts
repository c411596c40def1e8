import { getToken } from "next-auth/jwt";
import { loadActor } from "@/server/auth/actor";
import { clientIp } from "@/server/auth/client-ip";
import { authSecret } from "@/server/auth/secret";
import { noteRequest } from "@/server/observability/request-context";
import type { Context } from "./init";

/** The request's cookies by name; a malformed one is skipped, never fatal. */
function cookiesOf(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    try {
      cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // Not percent-encoded properly: not a cookie next-auth wrote.
    }
  }
  return cookies;
}

/**
 * The signed-in actor from next-auth's session cookie, decoded by next-auth itself; the user is
 * re-read from the database on every request, so a disabled user is refused at once. Only the
 * cookie counts (no Authorization header), as for the pages.
 */
export async function createContext(request: Request): Promise<Context> {
  const req = { cookies: cookiesOf(request.headers.get("cookie")), headers: {} };
  const token = await getToken({ req: req as unknown as Parameters<typeof getToken>[0]["req"], secret: authSecret() });
  const actor = token?.sub ? await loadActor(token.sub) : null;
  if (actor) noteRequest({ actor: `user:${actor.userId}`, accountId: actor.accountId });
  return {
    actor,
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent") ?? "",
  };
}
