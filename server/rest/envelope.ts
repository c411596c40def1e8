import { type AppError, asAppError, httpStatusOf, retryHeaders, type FieldIssue } from "@/server/errors";

// The provider's response envelope: `{result, status_code, status_message}`, with the HTTP
// status equal to `status_code`. Every REST response is built here, so the two never drift.

export const STATUS_MESSAGES = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
} as const;

export type RestStatus = keyof typeof STATUS_MESSAGES;

/** Failures a client can act on say why, field by field; the others say only their status,
 * so a 401 never hints which credential was wrong and a 404 never tells "not yours" apart. */
export const EXPLAINED: ReadonlySet<RestStatus> = new Set<RestStatus>([400, 409, 412, 413, 503]);

// API answers are per caller and per moment: no cache may keep them.
const COMMON_HEADERS = { "Cache-Control": "no-store" } as const;

export function envelope(
  status: RestStatus,
  result: unknown,
  headers: Record<string, string> = {},
  errors?: FieldIssue[],
  statusMessage: string = STATUS_MESSAGES[status],
): Response {
  if (status === 204) return new Response(null, { status, headers: { ...COMMON_HEADERS, ...headers } });
  const body = { result, status_code: status, status_message: statusMessage, ...(errors ? { errors } : {}) };
  // A string body, not Response.json's stream: the HTTP server writes it in one go.
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...COMMON_HEADERS, "Content-Type": "application/json", ...headers },
  });
}

/**
 * A 200 envelope whose `result` is a list written item by item as `pages` yields them: the same
 * bytes as `envelope(200, allItems)`, without ever holding the whole list. The next page is read
 * only when the client has taken the previous one. A failure midway cuts the response short (the
 * status is sent already), and is logged by `onError`.
 */
export function streamedListEnvelope<Item>(
  pages: AsyncIterator<Item[]>,
  represent: (item: Item) => unknown,
  onError: (error: unknown) => void,
): Response {
  const encoder = new TextEncoder();
  let started = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pages.next();
          const items = next.done ? "" : next.value.map((item) => JSON.stringify(represent(item))).join(",");
          const separator = started && items !== "" ? "," : "";
          const opening = started ? "" : '{"result":[';
          started = true;
          if (next.done) {
            controller.enqueue(encoder.encode(`${opening}],"status_code":200,"status_message":"${STATUS_MESSAGES[200]}"}`));
            controller.close();
          } else {
            controller.enqueue(encoder.encode(opening + separator + items));
          }
        } catch (error) {
          onError(error);
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, { status: 200, headers: { ...COMMON_HEADERS, "Content-Type": "application/json" } });
}

/** An AppError from any layer, mapped once to its status and envelope. */
export function appErrorResponse(error: AppError): Response {
  const status: RestStatus = httpStatusOf(error);
  if (!EXPLAINED.has(status)) return envelope(status, {});
  const errors = error.issues.length > 0 ? error.issues : [{ path: "", message: error.message }];
  // A plan's refusal says which limit in status_message itself, as billing systems read it.
  const statusMessage = error.code === "PLAN_LIMIT" ? error.message : STATUS_MESSAGES[status];
  return envelope(status, {}, retryHeaders(error), errors, statusMessage);
}

export function unauthorizedResponse(): Response {
  return envelope(401, {});
}

export function tooManyRequestsResponse(retryAfterMinutes: number): Response {
  return envelope(429, {}, { "Retry-After": String(retryAfterMinutes * 60) });
}

/** Anything that is not an AppError is our fault: the client learns nothing of it. */
export function internalErrorResponse(): Response {
  return envelope(500, {});
}

export function failureResponse(error: unknown): Response {
  const known = asAppError(error);
  return known ? appErrorResponse(known) : internalErrorResponse();
}
