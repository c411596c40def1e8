import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import type { Actor } from "./actor";
import { actorFromSessionToken, SESSION_COOKIES } from "./session-token";

// The session of a request Next serves (pages, route handlers); server/auth/session-token.ts has
// the rest, for code that runs outside Next's request scope too.

/** The signed-in actor of the current request, or null. Computed once per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const name = SESSION_COOKIES.find((cookie) => jar.has(cookie));
  return actorFromSessionToken(name ? jar.get(name)?.value : undefined);
});
