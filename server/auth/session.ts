import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { loadActor, type Actor } from "./actor";
import { authSecret } from "./secret";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** next-auth's session cookie: the __Secure- name when the portal is served over https. */
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

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

/** The signed-in actor of the current request, or null. Computed once per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const name = SESSION_COOKIES.find((cookie) => jar.has(cookie));
  return actorFromSessionToken(name ? jar.get(name)?.value : undefined);
});

/** The same session with a new session version: it outlives the change that ended all others. */
export async function reissueSessionToken(token: string, sessionVersion: number): Promise<string | null> {
  const claims = await decode({ token, secret: authSecret() }).catch(() => null);
  if (!claims) return null;
  const { exp: _exp, iat: _iat, jti: _jti, ...rest } = claims;
  return encode({ token: { ...rest, sv: sessionVersion }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

/** Keeps the current request's session signed in after its user's session version was raised. */
export async function renewSessionCookie(sessionVersion: number): Promise<void> {
  const jar = await cookies();
  const name = SESSION_COOKIES.find((cookie) => jar.has(cookie));
  const token = name ? jar.get(name)?.value : undefined;
  if (!name || !token) return;
  const renewed = await reissueSessionToken(token, sessionVersion);
  if (!renewed) return;
  jar.set(name, renewed, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: name.startsWith("__Secure-"),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
