import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { MAX_SOUND_BYTES } from "@/server/domain/sound";
import { AppError, fieldError } from "@/server/errors";
import { tooLargeError } from "./inspect";
import type { SoundUpload } from "./sounds";

/** Room for the multipart boundaries and the name field around a file of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const MULTIPART = "multipart/form-data";

/**
 * A sound upload (multipart/form-data: `file`, `name`) read as it arrives: the file is handed on
 * piece by piece, never held whole, and the request stops being read as soon as it is too large.
 * Fields may come before or after the file; `fields` settles once the whole body is read.
 */
export function readSoundUpload(request: Request): SoundUpload {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.split(";")[0]?.trim().toLowerCase() !== MULTIPART) {
    throw fieldError("", `Send the sound as ${MULTIPART} with the fields file and name`);
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_SOUND_BYTES + MULTIPART_OVERHEAD_BYTES) throw tooLargeError();
  if (!request.body) throw fieldError("file", "Attach the audio as the multipart field file");

  const source = Readable.fromWeb(request.body as NodeWebReadableStream<Uint8Array>);
  let parser: busboy.Busboy;
  try {
    // One byte over the limit is enough to know a file is too large.
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: 1, fields: 10, fieldSize: 4096, fileSize: MAX_SOUND_BYTES + 1 },
    });
  } catch {
    throw fieldError("", `The ${MULTIPART} request has no boundary`);
  }
  const fields: Record<string, string> = {};
  const file = new Promise<Readable>((resolve, reject) => {
    parser.on("file", (name, stream) => {
      if (name === "file") resolve(stream);
      else stream.resume();
    });
    parser.on("close", () => reject(fieldError("file", "Attach the audio as the multipart field file")));
    parser.on("error", () => reject(fieldError("", `The ${MULTIPART} body is malformed`)));
  });
  const done = new Promise<Record<string, string>>((resolve, reject) => {
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("close", () => resolve(fields));
    parser.on("error", () => reject(fieldError("", `The ${MULTIPART} body is malformed`)));
  });
  // Whoever awaits first sees the failure; the other promise must not count as unhandled.
  file.catch(() => undefined);
  done.catch(() => undefined);
  source.pipe(parser);

  async function* bytes(): AsyncGenerator<Uint8Array> {
    let size = 0;
    try {
      for await (const piece of await file) {
        size += (piece as Buffer).byteLength;
        if (size > MAX_SOUND_BYTES) throw tooLargeError();
        yield piece as Buffer;
      }
    } catch (error) {
      // Stop reading the request: nothing more of it will be used.
      source.unpipe(parser);
      source.destroy();
      throw error instanceof AppError ? error : fieldError("", "The upload was interrupted");
    }
  }

  return { file: bytes(), fields: async () => done };
}
