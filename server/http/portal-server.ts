import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { clientAddress } from "./client-address";
import { leanApp } from "./lean-app";

// The portal's HTTP server, in development and production alike: the REST API (/voip) and tRPC
// (/api/trpc) go straight to a light router (./lean-app.ts), everything else to Next.js. Every
// request first gets its client address, in a header only this server sets.

/** Paths served without Next's router. */
const LEAN_PREFIXES = ["/voip/", "/api/trpc/"];

function isLean(url: string): boolean {
  return url === "/voip" || LEAN_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/** Replaces any copy of the header the client sent, in both forms Node keeps headers in. */
function setClientAddress(request: IncomingMessage, address: string): void {
  const raw = request.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== CLIENT_IP_HEADER) kept.push(raw[i]!, raw[i + 1]!);
  }
  kept.push(CLIENT_IP_HEADER, address);
  raw.splice(0, raw.length, ...kept);
  delete request.headers[CLIENT_IP_HEADER];
  request.headers[CLIENT_IP_HEADER] = address;
}

export type PortalServerOptions = {
  /** Next.js's request handler, for everything but the lean paths. */
  next: RequestListener;
  /** Proxies in front of the portal (TRUST_PROXY_HOPS). */
  trustProxyHops: number;
};

export function createPortalServer({ next, trustProxyHops }: PortalServerOptions): Server {
  const lean = getRequestListener(leanApp.fetch);
  return createServer((request, response) => {
    const forwardedFor = request.headers["x-forwarded-for"];
    setClientAddress(request, clientAddress(request.socket.remoteAddress, forwardedFor, trustProxyHops));
    const path = (request.url ?? "/").split("?")[0]!;
    if (isLean(path)) void lean(request, response);
    else void next(request, response);
  });
}
