import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTenants } from "./fixtures";
import { listenPortalServer } from "./portal-server";
import { authHeaders, createApiUser, type ApiUser } from "./rest-client";

// What every answer of the light router (/voip, /api/trpc, health and metrics) carries when it
// goes out through the portal's HTTP server, whichever way the router answered: a command, a
// refused credential, a method the path does not have, a path it does not know.

let base: string;
let close: () => Promise<void>;
let user: ApiUser;
let flowId: string;

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

beforeAll(async () => {
  const t = await createTenants();
  user = await createApiUser(t.accounts.customerA1);
  const flow = await db.callFlow.create({
    data: { accountId: t.accounts.customerA1.id, name: "Lean", extension: 590, flow: {} },
  });
  flowId = flow.id;
  ({ base, close } = await listenPortalServer({
    next: (_request, response) => {
      response.end("next");
    },
    trustProxyHops: 0,
  }));
});

afterAll(() => close());

function securityHeadersOf(response: Response): Record<string, string | null> {
  return Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, response.headers.get(name)]));
}

describe("answers of the light router", () => {
  it("all carry the security headers and a request id", async () => {
    const answers = {
      "a flow": await fetch(`${base}/voip/flow/${flowId}`, { headers: authHeaders(user) }),
      "a refused credential": await fetch(`${base}/voip/flow/${flowId}`, { headers: authHeaders({ ...user, password: "x" }) }),
      "a method the path does not have": await fetch(`${base}/voip/flow/${flowId}`, {
        method: "POST",
        headers: authHeaders(user),
      }),
      "a path it does not know": await fetch(`${base}/voip/no/such/path`),
      "the API's description": await fetch(`${base}/voip/openapi.json`),
      health: await fetch(`${base}/healthz`),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([what, response]) => [what, response.status]))).toEqual({
      "a flow": 200,
      "a refused credential": 401,
      "a method the path does not have": 405,
      "a path it does not know": 404,
      "the API's description": 200,
      health: 200,
    });
    for (const [what, response] of Object.entries(answers)) {
      expect(securityHeadersOf(response), what).toEqual(SECURITY_HEADERS);
      expect(response.headers.get("x-request-id"), what).toBeTruthy();
    }
    expect(answers["a flow"].headers.get("etag")).toBeTruthy();
    expect(answers["a flow"].headers.get("cache-control")).toBe("no-store");
  });

  it("name the methods a known path has when asked for another, in the envelope", async () => {
    const cases: [string, string, string][] = [
      ["POST", `/voip/flow/${flowId}`, "GET, PUT, DELETE"],
      ["DELETE", "/voip/flow", "GET, POST"],
      ["POST", "/voip/number", "GET"],
      ["PUT", "/voip/openapi.json", "GET"],
    ];
    for (const [method, path, allowed] of cases) {
      const response = await fetch(`${base}${path}`, { method, headers: authHeaders(user) });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allowed);
      expect(await response.json()).toEqual({ result: {}, status_code: 405, status_message: "Method Not Allowed" });
    }
  });

  it("are not added to what Next.js answers", async () => {
    const response = await fetch(`${base}/sign-in`);
    expect(await response.text()).toBe("next");
    expect(response.headers.get("content-security-policy")).toBeNull();
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
