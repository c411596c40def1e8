import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

// proxy.ts as Next calls it: a request in, the response's headers out. The attacker's side: a
// client claiming https through X-Forwarded-Proto when no proxy is trusted.

afterEach(() => {
  vi.unstubAllEnvs();
});

function headersFor(url: string, headers: Record<string, string> = {}) {
  return proxy(new NextRequest(url, { headers })).headers;
}

function scriptSources(policy: string | null): string[] {
  const directive = policy
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("script-src "));
  return directive?.split(/\s+/).slice(1) ?? [];
}

describe("Strict-Transport-Security", () => {
  it("is sent over https, for two years and subdomains", () => {
    const hsts = headersFor("https://portal.example/accounts").get("strict-transport-security");
    expect(hsts).toBe("max-age=63072000; includeSubDomains");
  });

  it("is not sent over plain http", () => {
    expect(headersFor("http://portal.example/").get("strict-transport-security")).toBeNull();
  });

  it("ignores a client's X-Forwarded-Proto when no proxy is trusted", () => {
    vi.stubEnv("TRUST_PROXY_HOPS", "");
    expect(headersFor("http://portal.example/", { "x-forwarded-proto": "https" }).get("strict-transport-security")).toBeNull();
  });

  it("believes the trusted proxy's X-Forwarded-Proto, read from the right", () => {
    vi.stubEnv("TRUST_PROXY_HOPS", "1");
    expect(
      headersFor("http://portal.example/", { "x-forwarded-proto": "https" }).get("strict-transport-security"),
    ).not.toBeNull();
    // The client prepended "https"; the one trusted proxy recorded plain http.
    expect(
      headersFor("http://portal.example/", { "x-forwarded-proto": "https, http" }).get("strict-transport-security"),
    ).toBeNull();
    vi.stubEnv("TRUST_PROXY_HOPS", "2");
    expect(
      headersFor("http://portal.example/", { "x-forwarded-proto": "https, http" }).get("strict-transport-security"),
    ).not.toBeNull();
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts by a per-response nonce, never 'unsafe-inline'", () => {
    const first = headersFor("https://portal.example/").get("content-security-policy");
    const second = headersFor("https://portal.example/").get("content-security-policy");
    const sources = scriptSources(first);
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).toContain("'strict-dynamic'");
    const nonce = sources.find((source) => source.startsWith("'nonce-"));
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
    expect(scriptSources(second).find((source) => source.startsWith("'nonce-"))).not.toBe(nonce);
    expect(first).toContain("object-src 'none'");
    expect(first).toContain("frame-ancestors 'none'");
  });

  it("hands the same policy to the page render, which takes its nonce from the request", () => {
    const response = proxy(new NextRequest("https://portal.example/"));
    const policy = response.headers.get("content-security-policy");
    // NextResponse.next carries the rewritten request headers as x-middleware-request-*.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(headersFor("https://portal.example/").get("content-security-policy")).toContain("upgrade-insecure-requests");
    expect(headersFor("http://portal.example/").get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });
});
