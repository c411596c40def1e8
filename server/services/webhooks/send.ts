import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./ssrf";

/** The longest a whole attempt takes: connecting, sending and the answer. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * The longest a connection takes to be ready (TCP, and TLS for https). A receiver that is up
 * connects in milliseconds; one that never does gives its sender back after this, not after
 * the whole attempt's 10 s.
 */
export const CONNECT_TIMEOUT_MS = 3_000;
/** Of each answer's body, only this much is kept for the delivery log. */
const KEPT_BODY_BYTES = 1024;

/**
 * ─── NO PORT SCANNER ─── what a tenant's delivery log says about an attempt that got no answer:
 * one of these, never the system's error text (addresses, ports, TLS library messages), which
 * would tell a tenant probing internal hosts what listens where. The detail goes to the server's
 * log only.
 */
export const SEND_FAILURES = { connection: "connection failed", timeout: "timed out", tls: "TLS error" } as const;
type SendFailure = (typeof SEND_FAILURES)[keyof typeof SEND_FAILURES];

export type SendResult = {
  statusCode: number | null;
  latencyMs: number;
  responseBody: string;
  /** Why no answer came, as the tenant may read it; null when one came. */
  error: SendFailure | null;
  /** The low-level reason, for the server's log only: never stored, never shown to the tenant. */
  detail?: string;
};

/** Where a request was when it failed: a failure before the TLS handshake ends is a TLS error. */
type Phase = "connect" | "handshake" | "exchange";

class ConnectTimeoutError extends Error {
  override name = "ConnectTimeoutError";
}

function failureOf(error: Error, phase: Phase): SendFailure {
  if (error instanceof ConnectTimeoutError || error.name === "AbortError" || error.name === "TimeoutError") {
    return SEND_FAILURES.timeout;
  }
  return phase === "handshake" ? SEND_FAILURES.tls : SEND_FAILURES.connection;
}

/**
 * POSTs a body to a checked target. The connection goes to the address the SSRF guard checked
 * (a custom lookup), so a DNS answer changing between check and connect cannot redirect it;
 * TLS still verifies the certificate for the URL's host name. Redirects are not followed.
 */
export function sendWebhook(target: ResolvedTarget, headers: Record<string, string>, body: string): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const secure = target.url.protocol === "https:";
  const request = secure ? httpsRequest : httpRequest;
  let phase: Phase = "connect";
  return new Promise((resolve) => {
    const outgoing = request(target.url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    outgoing.on("socket", (socket) => {
      // A kept-alive socket is connected (and its TLS session established) already.
      if (!socket.connecting) {
        phase = "exchange";
        return;
      }
      const connectTimer = setTimeout(() => {
        outgoing.destroy(new ConnectTimeoutError(`Not connected within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      const connected = () => {
        phase = "exchange";
        clearTimeout(connectTimer);
      };
      socket.once("close", () => clearTimeout(connectTimer));
      if (secure) {
        socket.once("connect", () => {
          phase = "handshake";
        });
        socket.once("secureConnect", connected);
      } else {
        socket.once("connect", connected);
      }
    });
    outgoing.on("response", (response: IncomingMessage) => {
      const kept: Buffer[] = [];
      let keptBytes = 0;
      const finish = () =>
        resolve({
          statusCode: response.statusCode ?? null,
          latencyMs: elapsed(),
          responseBody: Buffer.concat(kept).toString("utf8"),
          error: null,
        });
      response.on("data", (chunk: Buffer) => {
        if (keptBytes >= KEPT_BODY_BYTES) return;
        const part = chunk.subarray(0, KEPT_BODY_BYTES - keptBytes);
        kept.push(part);
        keptBytes += part.length;
        // Enough read: the rest of a large answer is not waited for.
        if (keptBytes >= KEPT_BODY_BYTES) {
          finish();
          response.destroy();
        }
      });
      response.on("end", finish);
      response.on("error", finish);
    });
    outgoing.on("error", (error: Error) => {
      resolve({
        statusCode: null,
        latencyMs: elapsed(),
        responseBody: "",
        error: failureOf(error, phase),
        detail: error.message,
      });
    });
    outgoing.end(body);
  });
}
