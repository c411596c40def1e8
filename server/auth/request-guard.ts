import { publicUrl } from "@/server/config";
import { AppError } from "@/server/errors";
import type { Actor } from "./actor";

// ─── ONE GUARD FOR EVERY SIGNED-IN REQUEST ─── tRPC (server/trpc/procedures.ts) and the
// portal's file routes (server/http/portal-route.ts) take the same session cookie, so they apply
// the same rules, from here: a session, the two-factor requirement for staff, and no
// state-changing request from another site. A rule added here holds for both at once.

/**
 * The actor a session allows to act, or the refusal. `enrolling`: only for what setting up
 * two-factor sign-in needs; everything else is refused to staff who must set it up and have not.
 */
export function signedInActor(actor: Actor | null, { enrolling = false }: { enrolling?: boolean } = {}): Actor {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in to continue");
  if (actor.mustEnrolTwoFactor && !enrolling) throw new AppError("FORBIDDEN", "Set up two-factor sign-in first");
  return actor;
}

/**
 * The header a client that is not a browser sends with a state-changing request when it sends
 * neither `Sec-Fetch-Site` nor `Origin` (scripts, API clients): any value. A page on another site
 * cannot add it without a CORS preflight, which the portal never grants.
 */
const CSRF_HEADER = "x-requested-with";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Origin's host, or null for `null` and anything unparsable. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * ─── CROSS-SITE REQUESTS ─── A state-changing request is accepted only when it is provably not
 * from another site, checked in this order (the cookie's SameSite=Lax is not enough: it lets
 * sibling subdomains and top-level form posts through):
 * 1. `Sec-Fetch-Site` (every current browser sends it): `same-origin` or `none` (typed by the user);
 *    `same-site` and `cross-site` are refused;
 * 2. else `Origin`: its host must be the request's `Host` or the host of the public URL (NEXTAUTH_URL);
 * 3. else neither (not a browser): the custom header CSRF_HEADER must be present.
 * Refused with 403 FORBIDDEN, whatever the session.
 */
export function refuseCrossSite(method: string, headers: Headers): void {
  if (!changesState(method)) return;
  const site = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  let allowed: boolean;
  if (site !== null) {
    allowed = site === "same-origin" || site === "none";
  } else if (origin !== null) {
    const host = hostOf(origin);
    allowed = host !== null && (host === headers.get("host")?.toLowerCase() || host === hostOf(publicUrl()));
  } else {
    allowed = headers.has(CSRF_HEADER);
  }
  if (!allowed) throw new AppError("FORBIDDEN", "Cross-site request refused");
}
