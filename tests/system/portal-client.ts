import superjson, { type SuperJSONResult } from "superjson";
import { DEMO_PASSWORD } from "@/prisma/demo-data";

// What a browser and an API client do against a running instance, over real HTTP.

/** The demo reseller's API user (prisma/demo-data.ts). */
export const RESELLER_API = { "X-Auth-Reseller": "demo-reseller", "X-Auth-User": "api", "X-Auth-Password": "demo-api-password" };

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

/** Signs in through next-auth's credentials flow; answers the session's Cookie header. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = setCookies(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = setCookies(response).filter((cookie) => cookie.includes("session-token"));
  if (session.length === 0) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
  return session.join("; ");
}

/** Calls a tRPC procedure the way the portal's client does: input and answer encoded by superjson. */
export async function trpc<T>(
  baseUrl: string,
  cookie: string,
  kind: "query" | "mutation",
  procedure: string,
  input: unknown,
): Promise<{ status: number; data?: T }> {
  const url = new URL(`${baseUrl}/api/trpc/${procedure}`);
  // Not a browser: the custom header stands in for Sec-Fetch-Site (server/auth/request-guard.ts).
  const init: RequestInit = {
    headers: { Cookie: cookie, "Content-Type": "application/json", "X-Requested-With": "system-test" },
  };
  const encoded = JSON.stringify(superjson.serialize(input));
  if (kind === "query") url.searchParams.set("input", encoded);
  else Object.assign(init, { method: "POST", body: encoded });
  const response = await fetch(url, init);
  const body = (await response.json()) as { result?: { data: SuperJSONResult } };
  return { status: response.status, data: body.result && superjson.deserialize<T>(body.result.data) };
}

export async function voip(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { ...RESELLER_API, "Content-Type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as { result: Record<string, unknown> }) : null,
  };
}
