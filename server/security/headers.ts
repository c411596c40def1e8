// The headers that depend on the request: a script policy with a fresh nonce per response, and
// HSTS when the response travels over https. Pure, so proxy.ts and the tests share them; the
// headers that never change are in next.config.js.
import "server-only";

/** Two years, this host and its subdomains: browsers then refuse plain http for the whole time. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: unguessable, and new for every response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

type PolicyOptions = { nonce: string; dev: boolean; https: boolean };

/**
 * Scripts run only when they carry this response's nonce (Next adds it to its own scripts while
 * rendering, which is why every page renders per request), or when such a script loads them
 * ('strict-dynamic'): no 'unsafe-inline', so injected markup cannot run script. Development adds
 * 'unsafe-eval', which React's dev tooling needs. Styles keep 'unsafe-inline': the flow graph
 * (React Flow) and Next position elements with style attributes, which nonces cannot cover, and
 * a style cannot run script.
 */
export function contentSecurityPolicy({ nonce, dev, https }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

type ProtocolSources = {
  /** The protocol of the request's URL ("https:" or "http:"). */
  urlProtocol: string;
  /** The X-Forwarded-Proto header, a comma-separated list when several proxies added to it. */
  forwardedProto: string | null;
  trustedHops: number;
};

/**
 * Whether the client reached us over https. Behind trusted proxies it is what the outermost
 * trusted one recorded (the list read from the right, like X-Forwarded-For). With none, only the
 * connection counts. Next builds a request's URL from X-Forwarded-Proto (its server fills the
 * header from the socket only when the client sent none), so while that header is present the
 * URL's protocol is no more than the client's claim and is not believed. Next's own server does
 * not speak TLS: in production https ends at a proxy, and TRUST_PROXY_HOPS says so.
 */
export function servedOverHttps({ urlProtocol, forwardedProto, trustedHops }: ProtocolSources): boolean {
  if (trustedHops === 0) return forwardedProto === null && urlProtocol === "https:";
  const entries = (forwardedProto ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 0) return urlProtocol === "https:";
  return entries[Math.max(0, entries.length - trustedHops)] === "https";
}
