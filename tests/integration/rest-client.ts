import { randomBytes } from "node:crypto";
import * as resourceListRoute from "@/app/voip/[resource]/route";
import * as flowRoute from "@/app/voip/flow/[uuid]/route";
import * as flowsRoute from "@/app/voip/flow/route";
import * as nextExtensionRoute from "@/app/voip/next-extension/flow/route";
import * as soundAudioRoute from "@/app/voip/sound/[uuid]/audio/route";
import * as soundRoute from "@/app/voip/sound/[uuid]/route";
import * as soundsRoute from "@/app/voip/sound/route";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { uniqueSuffix } from "./fixtures";

// Calls the REST API's route handlers in-process, exactly as Next.js would: a Request in, a
// Response out, params as a promise. No server is needed.

export type ApiUser = { id: string; reseller: string; user: string; password: string };

/** An API credential of `account`, hashed like the portal's; the password is returned. */
export async function createApiUser(account: { id: string; name: string }): Promise<ApiUser> {
  const password = randomBytes(12).toString("hex");
  const user = `api-${uniqueSuffix()}`;
  const credential = await db.apiCredential.create({
    data: { accountId: account.id, username: user, passwordHash: await hashPassword(password) },
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
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The handler Next.js would route `path` to, with its params. */
function route(method: Method, path: string): { handler: Handler; params: Record<string, string> } {
  const segments = path.replace(/^\/voip\//, "").split("/");
  const pick = (module: Partial<Record<Method, Handler>>) => {
    const handler = module[method];
    if (!handler) throw new Error(`${method} ${path} has no handler`);
    return handler;
  };
  if (segments[0] === "flow" && segments.length === 1) return { handler: pick(flowsRoute as never), params: {} };
  if (segments[0] === "flow" && segments.length === 2) return { handler: pick(flowRoute as never), params: { uuid: segments[1]! } };
  if (segments.join("/") === "next-extension/flow") return { handler: pick(nextExtensionRoute as never), params: {} };
  if (segments[0] === "sound" && segments.length === 1) return { handler: pick(soundsRoute as never), params: {} };
  if (segments[0] === "sound" && segments.length === 2) return { handler: pick(soundRoute as never), params: { uuid: segments[1]! } };
  if (segments[0] === "sound" && segments[2] === "audio") return { handler: pick(soundAudioRoute as never), params: { uuid: segments[1]! } };
  if (segments.length === 1) return { handler: pick(resourceListRoute as never), params: { resource: segments[0]! } };
  throw new Error(`no route for ${path}`);
}

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
  rawBody?: string;
  /** Sent as multipart/form-data (the Request sets the boundary). */
  form?: FormData;
  ip?: string;
};

export async function callApi(method: Method, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers = new Headers({ "X-Forwarded-For": options.ip ?? "192.0.2.10", "User-Agent": "rest-test", ...options.headers });
  let body: string | FormData | undefined = options.form ?? options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  const { handler, params } = route(method, path);
  const response = await handler(request, { params: Promise.resolve(params) });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: response.status, headers: response.headers, text, bytes, json: isJson && text ? (JSON.parse(text) as ApiResponse["json"]) : null };
}

export { referenceExample } from "@/server/domain/call-flow/reference-example";

/** A small valid flow: start, then busy. */
export function busyFlow(extension: number, name = "Busy line") {
  return { extension, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } }, name };
}
