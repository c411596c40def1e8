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
    ["64:ff9b::a00:1", "translation"],
    ["2001:db8::1", "documentation"],
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
      expect(issue.message).toContain(address);
    }
    expect((await refusal(resolveWebhookTarget("https://127.0.0.1/", production))).message).toMatch(/loopback/);
    expect((await refusal(resolveWebhookTarget("https://[::1]:8443/", production))).message).toMatch(/loopback/);
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
