import { describe, expect, it } from "vitest";
import { clientAddress } from "@/server/http/client-address";

// Behind one trusted proxy (TRUST_PROXY_HOPS=1) the client is the last X-Forwarded-For entry,
// which the proxy wrote. An entry that is not an address is unknown, never the proxy's own
// address: every such request would otherwise share the proxy's sign-in and API limits, and the
// audit trail would name the proxy.
describe("the client address behind a proxy", () => {
  it("is the entry the trusted proxy wrote", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.5, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "203.0.113.5, ::ffff:198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it.each(["not-an-address", "198.51.100.999", "unknown", "[2001:db8::1]:443", "_hidden"])(
    "an unparsable entry (%s) is unknown, not the proxy",
    (entry) => {
      expect(clientAddress("10.0.0.2", `203.0.113.5, ${entry}`, 1)).toBe("unknown");
    },
  );

  it("without a trusted proxy, the socket's address, whatever the header says", () => {
    expect(clientAddress("::ffff:192.0.2.1", "garbage", 0)).toBe("192.0.2.1");
  });
});
