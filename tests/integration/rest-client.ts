import { randomBytes } from "node:crypto";
import { hashApiPassword } from "@/server/auth/api-password";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { db } from "@/server/db";
import { leanApp } from "@/server/http/lean-app";
import { uniqueSuffix } from "./fixtures";

// Calls the REST API in-process through the same router the portal's server hands /voip to
// (server/http/lean-app.ts, built from server/rest/routes.ts): a Request in, a Response out. The
// client address arrives in the header the portal's server sets (server/http/portal-server.ts).

export type ApiUser = { id: string; reseller: string; user: string; password: string };

/** An API credential of `account`, hashed like the portal's (or as `hash` says); the password is returned. */
export async function createApiUser(
  account: { id: string; name: string },
  hash: (password: string) => string | Promise<string> = hashApiPassword,
): Promise<ApiUser> {
  const password = randomBytes(12).toString("hex");
  const user = `api-${uniqueSuffix()}`;
  const credential = await db.apiCredential.create({
    data: { accountId: account.id, username: user, passwordHash: await hash(password) },
  });
  return { id: credential.id, reseller: account.name, user, password };
}

/** A fresh client address, so each test's failed attempts are counted apart. */
export function uniqueIp(): string {
  const bytes = randomBytes(2);
  return `10.${bytes[0]}.${bytes[1]}.${Math.floor(Math.random() * 250) + 1}`;
}

export function authHeaders(user: ApiUser, actingFor?: string): Record<string, string> {
  return {
    "X-Auth-Reseller": user.reseller,
    "X-Auth-User": user.user,
    "X-Auth-Password": user.password,
    ...(actingFor ? { "X-Auth-For": actingFor } : {}),
  };
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

export type ApiResponse = {
  status: number;
  headers: Headers;
  text: string;
  /** The body as it came (audio, for instance). */
  bytes: Buffer;
  /** The parsed body; null for an empty one (204) or one that is not JSON. */
  json: { result: unknown; status_code: number; status_message: string; errors?: { path: string; message: string }[] } | null;
};

export type CallOptions = {
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type: application/json unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** Sent as multipart/form-data (the Request sets the boundary). */
  form?: FormData;
  ip?: string;
};

export async function callApi(method: Method, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers = new Headers({ "User-Agent": "rest-test", ...options.headers, [CLIENT_IP_HEADER]: options.ip ?? "192.0.2.10" });
  let body: BodyInit | undefined = options.form ?? options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  const response = await leanApp.fetch(request);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return {
    status: response.status,
    headers: response.headers,
    text,
    bytes,
    json: isJson && text ? (JSON.parse(text) as ApiResponse["json"]) : null,
  };
}

export { referenceExample } from "@/server/domain/call-flow/reference-example";

/** A small valid flow: start, then busy. */
export function busyFlow(extension: number, name = "Busy line") {
  return { extension, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } }, name };
}
