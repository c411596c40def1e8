import type { z } from "zod";
import { AppError, type FieldIssue } from "@/server/errors";

/** The largest request body accepted, in bytes; a bigger one is refused unread (413). */
export const MAX_BODY_BYTES = 256 * 1024;

const JSON_MEDIA_TYPE = "application/json";

function badBody(message: string): AppError {
  const issue: FieldIssue = { path: "", message };
  return new AppError("BAD_REQUEST", message, [issue]);
}

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body must be at most ${MAX_BODY_BYTES} bytes`);
}

/** Reads at most MAX_BODY_BYTES, whatever Content-Length claims (it may be absent or wrong). */
async function readLimited(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The request's JSON body, parsed; anything else is a 400 (or 413 when too large). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== JSON_MEDIA_TYPE) throw badBody(`Send the body as JSON, with the header Content-Type: ${JSON_MEDIA_TYPE}`);
  const bytes = await readLimited(request);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badBody("The request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badBody("The request body is not valid JSON");
  }
}

/**
 * The body checked by a zod schema (built from the same pieces as the service's tRPC input): its
 * value, or a 400 naming every problem at once at its field; a field that should not be there is
 * named as its own path. `what` names the body in messages, e.g. "apply request".
 */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue): FieldIssue[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: [...issue.path, key].map(String).join("."),
          message: `"${key}" is not a field of the ${what}`,
        }))
      : [{ path: issue.path.map(String).join("."), message: issue.message }],
  );
  throw new AppError("BAD_REQUEST", `The ${what} has ${issues.length} error${issues.length === 1 ? "" : "s"}`, issues);
}
