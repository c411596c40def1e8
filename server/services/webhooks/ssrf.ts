import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { webhookSettings } from "@/server/config";
import { fieldError } from "@/server/errors";

// ─── SSRF GUARD ─── a webhook URL is a request the portal makes on a tenant's behalf. ───
// In production it must be https and every address its host resolves to must be public, checked
// when subscribing and again before each delivery (DNS can change); the delivery then connects to
// the address checked here, never to a second lookup's answer. WEBHOOK_ALLOWED_HOSTS exempts hosts
// (internal receivers, tests). Development and tests may use http and any address (a local receiver).

type AddressClass =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "reserved"
  | "documentation"
  | "translation";

const RANGES: [AddressClass, string, number, "ipv4" | "ipv6"][] = [
  ["unspecified", "0.0.0.0", 8, "ipv4"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["shared", "100.64.0.0", 10, "ipv4"],
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["link-local", "169.254.0.0", 16, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["reserved", "192.0.0.0", 24, "ipv4"],
  ["documentation", "192.0.2.0", 24, "ipv4"],
  ["translation", "192.88.99.0", 24, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["reserved", "198.18.0.0", 15, "ipv4"],
  ["documentation", "198.51.100.0", 24, "ipv4"],
  ["documentation", "203.0.113.0", 24, "ipv4"],
  ["multicast", "224.0.0.0", 4, "ipv4"],
  ["reserved", "240.0.0.0", 4, "ipv4"],
  ["unspecified", "::", 128, "ipv6"],
  ["loopback", "::1", 128, "ipv6"],
  ["translation", "64:ff9b::", 96, "ipv6"],
  ["translation", "64:ff9b:1::", 48, "ipv6"],
  ["reserved", "100::", 64, "ipv6"],
  ["reserved", "2001::", 23, "ipv6"],
  ["documentation", "2001:db8::", 32, "ipv6"],
  ["translation", "2002::", 16, "ipv6"],
  ["unique-local", "fc00::", 7, "ipv6"],
  ["link-local", "fe80::", 10, "ipv6"],
  ["reserved", "fec0::", 10, "ipv6"],
  ["multicast", "ff00::", 8, "ipv6"],
];

const BLOCKS = RANGES.map(([kind, network, prefix, family]) => {
  const block = new BlockList();
  block.addSubnet(network, prefix, family);
  return { kind, block, family };
});

/** The eight 16-bit groups of an IPv6 address (already known to be one), a trailing dotted quad included. */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let hex = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    hex = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = hex.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16)));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * The IPv4 address an IPv6 one carries, and whether reaching it that way can ever be right.
 * `direct`: the IPv4 address is what the connection reaches (mapped ::ffff:0:0/96, SIIT
 * ::ffff:0:0:0/96, compatible ::/96), so it is classed as it is. Otherwise the address goes
 * through a translator or a tunnel (NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32): an
 * internal IPv4 address in it is classed as such, and a public one stays refused.
 */
function embeddedIpv4(address: string): { ipv4: string; direct: boolean } | null {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return { ipv4: ipv4Of(g[6]!, g[7]!), direct: true };
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return { ipv4: ipv4Of(g[6]!, g[7]!), direct: true };
  // :: and ::1 are IPv6's own unspecified and loopback addresses, classed by the table.
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return { ipv4: ipv4Of(g[6]!, g[7]!), direct: true };
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return { ipv4: ipv4Of(g[6]!, g[7]!), direct: false };
  if (g[0] === 0x2002) return { ipv4: ipv4Of(g[1]!, g[2]!), direct: false };
  if (g[0] === 0x2001 && g[1] === 0) return { ipv4: ipv4Of(g[6]! ^ 0xffff, g[7]! ^ 0xffff), direct: false };
  return null;
}

/**
 * What kind of address this is; only "public" may receive webhooks in production.
 * ─── SSRF ─── every IPv6 form that carries an IPv4 address (mapped, compatible, translated,
 * NAT64, 6to4, Teredo) is classed by that IPv4 address first, whatever its spelling: the URL
 * parser writes `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`.
 */
export function classifyAddress(address: string): AddressClass {
  const version = isIP(address);
  if (version === 0) throw new Error(`Not an IP address: ${address}`);
  if (version === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) {
      const kind = classifyAddress(embedded.ipv4);
      if (embedded.direct || kind !== "public") return kind;
    }
  }
  const family = version === 4 ? "ipv4" : "ipv6";
  return BLOCKS.find((range) => range.family === family && range.block.check(address, family))?.kind ?? "public";
}

type WebhookTargetPolicy = { production: boolean; allowedHosts: readonly string[] };

function currentTargetPolicy(): WebhookTargetPolicy {
  const settings = webhookSettings();
  return { production: settings.production, allowedHosts: settings.allowedHosts };
}

/** The URL's host as WEBHOOK_ALLOWED_HOSTS names it: lower case, an IPv6 address without brackets. */
function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

/** The URL's form, without resolving it: a web address without credentials, https in production. */
export function checkWebhookUrlForm(text: string, policy: WebhookTargetPolicy = currentTargetPolicy()): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError("url", "url must be a full URL such as https://example.com/webhooks");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fieldError("url", "url must start with https://");
  if (url.username || url.password) throw fieldError("url", "url must not carry a user name or password");
  const exempt = policy.allowedHosts.includes(hostOf(url));
  if (policy.production && !exempt && url.protocol !== "https:") throw fieldError("url", "url must start with https://");
  return url;
}

export type ResolvedTarget = { url: URL; address: string; family: 4 | 6 };
export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupAll = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The address a delivery connects to, after every check. In production each address the host
 * resolves to must be public (one private answer is enough to refuse: the next lookup could
 * return it), unless the host or the address is in WEBHOOK_ALLOWED_HOSTS.
 */
export async function resolveWebhookTarget(
  text: string,
  policy: WebhookTargetPolicy = currentTargetPolicy(),
  resolve: LookupAll = systemLookup,
): Promise<ResolvedTarget> {
  const url = checkWebhookUrlForm(text, policy);
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) throw fieldError("url", `The host ${host} of url does not resolve to an address`);
  const hostExempt = policy.allowedHosts.includes(host);
  if (policy.production && !hostExempt) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind !== "public" && !policy.allowedHosts.includes(address.toLowerCase())) {
        // A host name's addresses are not echoed: the portal's resolver may know internal names.
        const what = isIP(host) ? `${address} is` : "url resolves to";
        const article = /^[aeiou]/.test(kind) ? "an" : "a";
        throw fieldError("url", `${what} ${article} ${kind} address; webhooks go to public addresses only`);
      }
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** At subscribe: production resolves and checks now; development only checks the form (DNS may be absent). */
export async function checkWebhookUrl(text: string, policy: WebhookTargetPolicy = currentTargetPolicy()): Promise<string> {
  if (policy.production) await resolveWebhookTarget(text, policy);
  else checkWebhookUrlForm(text, policy);
  return text;
}
