import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { webhookSettings } from "@/server/config";
import { fieldError } from "@/server/errors";

// ─── SSRF GUARD ─── a webhook URL is a request the portal makes on a tenant's behalf. ───
// In production it must be https and every address its host resolves to must be public, checked
// when subscribing and again before each delivery (DNS can change); the delivery then connects to
// the address checked here, never to a second lookup's answer. WEBHOOK_ALLOWED_HOSTS exempts hosts
// (internal receivers, tests). Development and tests may use http and any address (a local receiver).

export type AddressClass =
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

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** What kind of address this is; only "public" may receive webhooks in production. */
export function classifyAddress(address: string): AddressClass {
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped) return classifyAddress(mapped[1]!);
  const version = isIP(address);
  if (version === 0) throw new Error(`Not an IP address: ${address}`);
  const family = version === 4 ? "ipv4" : "ipv6";
  return BLOCKS.find((range) => range.family === family && range.block.check(address, family))?.kind ?? "public";
}

export type WebhookTargetPolicy = { production: boolean; allowedHosts: readonly string[] };

export function currentTargetPolicy(): WebhookTargetPolicy {
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
        throw fieldError("url", `url resolves to ${address}, a ${kind} address; webhooks go to public addresses only`);
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
