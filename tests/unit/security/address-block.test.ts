import { describe, expect, it } from "vitest";
import { addressBlock } from "@/server/auth/failure-limit";

describe("the block an address's sign-in failures over every email are counted under", () => {
  it("is an IPv4 address itself, and an IPv6 address's /64 however it is written", () => {
    expect(addressBlock("198.51.100.7")).toBe("198.51.100.7");
    expect(addressBlock("2001:db8:62:1::1")).toBe("2001:db8:62:1::/64");
    expect(addressBlock("2001:0DB8:0062:0001:ffff:0:0:9")).toBe("2001:db8:62:1::/64");
    expect(addressBlock("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBlock("::1")).toBe("0:0:0:0::/64");
    expect(addressBlock("unknown")).toBe("unknown");
    expect(addressBlock("::ffff:198.51.100.7")).toBe("::ffff:198.51.100.7");
  });
});
