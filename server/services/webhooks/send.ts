import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./ssrf";

export const REQUEST_TIMEOUT_MS = 10_000;
/** Of each answer's body, only this much is kept for the delivery log. */
export const KEPT_BODY_BYTES = 1024;

export type SendResult = { statusCode: number | null; latencyMs: number; responseBody: string; error: string | null };

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
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const outgoing = request(target.url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
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
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve({
        statusCode: null,
        latencyMs: elapsed(),
        responseBody: "",
        error: timedOut ? `No answer within ${REQUEST_TIMEOUT_MS / 1000} s` : error.message,
      });
    });
    outgoing.end(body);
  });
}
