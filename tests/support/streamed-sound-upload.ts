import { randomUUID } from "node:crypto";

// A multipart sound upload (`name`, `file`: a silent 16 kHz mono WAV) whose body is made piece by
// piece as the server reads it, so the client side never holds the file either: what the
// server's memory holds during the upload is the server's own doing.

const SAMPLE_RATE = 16_000;
/** The size of each piece of the body, as a client's socket might deliver it. */
export const UPLOAD_PIECE_BYTES = 64 * 1024;

function wavHeader(dataBytes: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(44));
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return new Uint8Array(view.buffer);
}

/** The WAV's length in milliseconds for a file of `fileBytes`. */
export function streamedWavDurationMs(fileBytes: number): number {
  return Math.round(((fileBytes - 44) / (SAMPLE_RATE * 2)) * 1000);
}

/**
 * A POST to `url` whose WAV file is `fileBytes` long; `onPull` runs each time the server asks for
 * the next piece of the body, and the piece is sent once what it returns settles (a slow client).
 */
export function streamedSoundUpload(
  url: string,
  fileBytes: number,
  {
    name = `Streamed ${fileBytes}`,
    headers = {},
    onPull,
  }: { name?: string; headers?: Record<string, string>; onPull?: () => void | Promise<void> } = {},
): Request {
  const boundary = `upload${randomUUID()}`;
  const encoder = new TextEncoder();
  const dataBytes = fileBytes - 44;
  const parts: (() => Uint8Array)[] = [
    () => encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n`),
    () =>
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="streamed.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
      ),
    () => wavHeader(dataBytes),
    ...Array.from(
      { length: Math.ceil(dataBytes / UPLOAD_PIECE_BYTES) },
      (_, i) => () => new Uint8Array(Math.min(UPLOAD_PIECE_BYTES, dataBytes - i * UPLOAD_PIECE_BYTES)),
    ),
    () => encoder.encode(`\r\n--${boundary}--\r\n`),
  ];
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await onPull?.();
      const part = parts[next++];
      if (part) controller.enqueue(part());
      else controller.close();
    },
  });
  return new Request(url, {
    method: "POST",
    headers: { ...headers, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit);
}
