import { type NextRequest, NextResponse } from "next/server";
import { config as portalConfig, trustProxyHops } from "@/server/config";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY, servedOverHttps } from "@/server/security/headers";

/**
 * Runs before every page and route: a fresh script nonce per response, and HSTS over https.
 * Next reads the nonce from the request's Content-Security-Policy header while it renders and
 * puts it on its own scripts, so the policy travels both ways: in on the request, out on the
 * response.
 *
 * HSTS needs the protocol the client used: a client's own X-Forwarded-Proto is never believed,
 * a trusted proxy's is (TRUST_PROXY_HOPS); see servedOverHttps.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https = servedOverHttps({
    urlProtocol: request.nextUrl.protocol,
    forwardedProto: request.headers.get("x-forwarded-proto"),
    trustedHops: trustProxyHops(),
  });
  const policy = contentSecurityPolicy({ nonce, dev: portalConfig().NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Built assets carry no markup to protect, and are served before any page that would.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
