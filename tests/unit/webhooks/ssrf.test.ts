import { describe, expect, it } from "vitest";
import { webhookSettings } from "@/server/config";
import { AppError } from "@/server/errors";
import { checkWebhookUrlForm, classifyAddress, type LookupAll, resolveWebhookTarget } from "@/server/services/webhooks/ssrf";

describe("classifyAddress", () => {
  it.each([
    ["93.184.216.34", "public"],
    ["8.8.8.8", "public"],
    ["2606:4700:4700::1111", "public"],
    ["0.0.0.0", "unspecified"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["169.254.169.254", "link-local"],
    ["192.0.2.7", "documentation"],
    ["198.18.0.1", "reserved"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fd12:3456::1", "unique-local"],
    ["fc00::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["2001:db8::1", "documentation"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  // ─── IPv4 inside IPv6 ─── the URL parser writes `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`, and a
  // resolver may answer any of these forms: each is classed by the IPv4 address it carries.
  it.each([
    // IPv4-mapped (::ffff:0:0/96), dotted and hexadecimal, compressed or not
    ["::ffff:7f00:1", "loopback"],
    ["::FFFF:7F00:0001", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:a00:1", "private"],
    ["0:0:0:0:0:ffff:10.0.0.1", "private"],
    ["0:0:0:0:0:ffff:a00:1", "private"],
    ["::ffff:c0a8:101", "private"],
    ["::ffff:6440:1", "shared"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:808:808", "public"],
    // IPv4-compatible (::/96, deprecated)
    ["::127.0.0.1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::a9fe:a9fe", "link-local"],
    ["::10.0.0.1", "private"],
    ["::0.0.0.2", "unspecified"],
    // IPv4-translated (SIIT, ::ffff:0:0:0/96)
    ["::ffff:0:7f00:1", "loopback"],
    ["::ffff:0:10.0.0.1", "private"],
    // NAT64 (64:ff9b::/96): the embedded address's class; a public one is still not reached this way
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::808:808", "translation"],
    ["64:ff9b:1::a00:1", "translation"],
    // 6to4 (2002::/16): the IPv4 address in bits 16-47
    ["2002:7f00:1::1", "loopback"],
    ["2002:a9fe:a9fe::", "link-local"],
    ["2002:808:808::1", "translation"],
    // Teredo (2001::/32): the client's IPv4 address, inverted, in the last 32 bits
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"],
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"],
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

const production = { production: true, allowedHosts: [] as string[] };
const development = { production: false, allowedHosts: [] as string[] };
const answers =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<{ path: string; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error("expected a refusal");
  return error.issues[0]!;
}

describe("resolveWebhookTarget", () => {
  it("in production, connects a public host to the address it checked", async () => {
    const target = await resolveWebhookTarget("https://hooks.example.com/in", production, answers("93.184.216.34"));
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(target.url.hostname).toBe("hooks.example.com");
  });

  it("in production, refuses http, and any private, loopback or link-local answer, naming url", async () => {
    expect(await refusal(resolveWebhookTarget("http://hooks.example.com/", production, answers("93.184.216.34")))).toMatchObject({
      path: "url",
      message: "url must start with https://",
    });
    for (const address of ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "fd00::1"]) {
      const issue = await refusal(
        resolveWebhookTarget("https://hooks.example.com/", production, answers("93.184.216.34", address)),
      );
      expect(issue.path).toBe("url");
      // What an internal host name resolves to is not told: the portal's resolver may know internal names.
      expect(issue.message).not.toContain(address);
      expect(issue.message).toMatch(/^url resolves to an? [a-z-]+ address/);
    }
    expect((await refusal(resolveWebhookTarget("https://127.0.0.1/", production))).message).toMatch(/loopback/);
    expect((await refusal(resolveWebhookTarget("https://[::1]:8443/", production))).message).toMatch(/loopback/);
  });

  it("in production, refuses a literal IPv6 address that carries a loopback, private or link-local IPv4 one", async () => {
    for (const url of [
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://[::ffff:a9fe:a9fe]/latest/meta-data/",
      "https://[0:0:0:0:0:ffff:10.0.0.1]/",
      "https://[::127.0.0.1]/",
      "https://[64:ff9b::127.0.0.1]/",
      "https://[2002:7f00:1::1]/",
    ]) {
      expect((await refusal(resolveWebhookTarget(url, production))).path, url).toBe("url");
    }
    for (const address of ["::ffff:7f00:1", "64:ff9b::a9fe:a9fe"]) {
      expect((await refusal(resolveWebhookTarget("https://hooks.example.com/", production, answers(address)))).path).toBe("url");
    }
    expect(await resolveWebhookTarget("https://[2606:4700:4700::1111]/", production)).toMatchObject({ family: 6 });
  });

  it("exempts the hosts and addresses of WEBHOOK_ALLOWED_HOSTS, http included", async () => {
    const policy = {
      production: true,
      allowedHosts: webhookSettings({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1, Internal.Example, [::1]" }).allowedHosts,
    };
    expect(policy.allowedHosts).toEqual(["127.0.0.1", "internal.example", "::1"]);
    expect(await resolveWebhookTarget("http://127.0.0.1:9999/hooks", policy)).toMatchObject({ address: "127.0.0.1" });
    expect(await resolveWebhookTarget("https://internal.example/", policy, answers("10.0.0.8"))).toMatchObject({
      address: "10.0.0.8",
    });
    expect(await resolveWebhookTarget("https://[::1]/", policy)).toMatchObject({ address: "::1", family: 6 });
    expect((await refusal(resolveWebhookTarget("https://other.example/", policy, answers("10.0.0.8")))).path).toBe("url");
  });

  it("in development and tests, allows http to loopback", async () => {
    expect(await resolveWebhookTarget("http://127.0.0.1:4000/hooks", development)).toMatchObject({ address: "127.0.0.1" });
    expect(await resolveWebhookTarget("http://localhost:4000/", development, answers("127.0.0.1"))).toMatchObject({
      address: "127.0.0.1",
    });
  });

  it("refuses what is not a web address, credentials in it, and a host that does not resolve", async () => {
    expect(() => checkWebhookUrlForm("not a url", development)).toThrow(/full URL/);
    expect(() => checkWebhookUrlForm("ftp://example.com/", development)).toThrow(/https:\/\//);
    expect(() => checkWebhookUrlForm("https://user:pass@example.com/", development)).toThrow(/user name or password/);
    expect((await refusal(resolveWebhookTarget("https://nowhere.invalid/", production, answers()))).message).toMatch(
      /does not resolve/,
    );
  });
});
