import { isIP } from "node:net";

// Which address a request comes from. Without a proxy it is the socket's: nothing the client
// sends can change it. Behind N trusted proxies (TRUST_PROXY_HOPS=N), each appends the address
// it received from to X-Forwarded-For, so the client is the N-th entry from the right; entries
// further left are whatever the client claimed and are never read.

/** The address requests get when nothing says who the client is. */
const UNKNOWN_ADDRESS = "unknown";

/** "::ffff:192.0.2.1", as dual-stack sockets report IPv4 peers, is 192.0.2.1. */
function normalize(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return v4 ? v4[1]! : address.toLowerCase();
}

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const socket = socketAddress ? normalize(socketAddress) : UNKNOWN_ADDRESS;
  if (hops === 0) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request skipped a proxy, so the leftmost one is the nearest
  // to the client that a trusted proxy wrote.
  const entry = entries.length === 0 ? undefined : entries[Math.max(0, entries.length - hops)];
  if (entry === undefined) return socket;
  // An entry that is no address says nothing about the client; it is never the proxy's own
  // address, or every such request would share the proxy's limits and name it in the audit trail.
  return isIP(normalize(entry)) ? normalize(entry) : UNKNOWN_ADDRESS;
}
