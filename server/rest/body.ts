import { AppError, type FieldIssue } from "@/server/errors";

/** The largest request body accepted, in bytes; a bigger one is refused unread (413). */
export const MAX_BODY_BYTES = 256 * 1024;

const JSON_MEDIA_TYPE = "application/json";

function badBody(message: string): AppError {
  const issue: FieldIssue = { path: "", message };
  return new AppError("BAD_REQUEST", message, [issue]);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body must be at most ${maxBytes} bytes`);
}

/** Reads at most `maxBytes`, whatever Content-Length claims (it may be absent or wrong). */
export async function readLimited(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
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

/** The request's JSON body, parsed; anything else is a 400 (or 413 when larger than `maxBytes`). */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  return parseJsonBytes(await readJsonBytes(request, maxBytes));
}

/** The request's body, unparsed: a 400 unless it is sent as JSON, a 413 when larger than `maxBytes`. */
export async function readJsonBytes(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Uint8Array> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== JSON_MEDIA_TYPE) throw badBody(`Send the body as JSON, with the header Content-Type: ${JSON_MEDIA_TYPE}`);
  return readLimited(request, maxBytes);
}

/** A body read by readJsonBytes, parsed; a 400 unless it is UTF-8 JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
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
