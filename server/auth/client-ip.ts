type HeaderBag = Headers | Record<string, string | string[] | undefined>;

// ─── CLIENT ADDRESS ─── the one place that reads it. ───
// The portal's own HTTP server (server/http/) works out each request's client address (the
// socket's, or per TRUST_PROXY_HOPS from X-Forwarded-For) and hands it on in this header, after
// deleting any copy the client sent. Sign-in limits, REST limits and the audit trail all read it
// here, so they always agree; X-Forwarded-For itself is never read past the server.
export const CLIENT_IP_HEADER = "x-portal-client-ip";

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The caller's address for rate limits and the audit trail. */
export function clientIp(headers: HeaderBag): string {
  return header(headers, CLIENT_IP_HEADER) || "unknown";
}
