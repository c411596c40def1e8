import { decode, encode } from "next-auth/jwt";

// Session tokens without Next's request scope: the lean path (server/http/lean-app.ts) reads the
// Cookie header itself, and must not load Next's request-scoped modules (next/headers).
import { loadActor, type Actor } from "./actor";
import { authSecret } from "./secret";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** next-auth's session cookie: the __Secure- name when the portal is served over https. */
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/**
 * The actor of a session token (next-auth's encrypted JWT), or null when the token is invalid or
 * expired, its user is disabled or removed, or its session version is older than the user's
 * (signed out everywhere, password changed). Checked on every request.
 */
export async function actorFromSessionToken(token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const claims = await decode({ token, secret: authSecret() }).catch(() => null);
  if (!claims?.sub || typeof claims.sv !== "number") return null;
  return loadActor(claims.sub, { sessionVersion: claims.sv });
}

/** The same session with a new session version: it outlives the change that ended all others. */
export async function reissueSessionToken(token: string, sessionVersion: number): Promise<string | null> {
  const claims = await decode({ token, secret: authSecret() }).catch(() => null);
  if (!claims) return null;
  const { exp: _exp, iat: _iat, jti: _jti, ...rest } = claims;
  return encode({ token: { ...rest, sv: sessionVersion }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

type SessionCookie = { name: (typeof SESSION_COOKIES)[number]; value: string };

/** The session cookie in a Cookie header (the lean path has no Next request to ask). */
export function sessionCookieOf(cookieHeader: string | null): SessionCookie | null {
  const found = new Map<string, string>();
  for (const part of cookieHeader?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    try {
      found.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // Not percent-encoded properly: not a cookie next-auth wrote.
    }
  }
  const name = SESSION_COOKIES.find((cookie) => found.has(cookie));
  return name ? { name, value: found.get(name)! } : null;
}

/**
 * A Set-Cookie value that keeps this session signed in after its user's session version was
 * raised (own password changed), or null when the token no longer decodes.
 */
export async function renewedSessionCookie(session: SessionCookie, sessionVersion: number): Promise<string | null> {
  const renewed = await reissueSessionToken(session.value, sessionVersion);
  if (!renewed) return null;
  const secure = session.name.startsWith("__Secure-") ? "; Secure" : "";
  return `${session.name}=${renewed}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure}`;
}
