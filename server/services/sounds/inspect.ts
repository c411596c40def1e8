import { parseWebStream } from "music-metadata";
import { AppError, fieldError } from "@/server/errors";
import {
  ACCEPTED_FORMATS_TEXT,
  formatDuration,
  MAX_SOUND_BYTES,
  MAX_SOUND_DURATION_MS,
  type SoundFormat,
} from "@/server/domain/sound";
import type { ByteRange } from "./storage";

// What an uploaded file really is, read from its bytes: never from its name or the type the
// client claims. Only what a phone system can play is accepted.

/** The first bytes, enough for RIFF headers and an MP3's LAME tag after a modest ID3 tag. */
const HEAD_BYTES = 16 * 1024;

type AudioFacts = { format: SoundFormat; durationMs: number };

type Reader = (range?: ByteRange) => ReadableStream<Uint8Array>;

function refuse(message: string): AppError {
  return fieldError("file", message);
}

export function tooLargeError(): AppError {
  const message = `The file must be at most ${MAX_SOUND_BYTES / (1024 * 1024)} MB`;
  return new AppError("PAYLOAD_TOO_LARGE", message, [{ path: "file", message }]);
}

async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(limit);
  let size = 0;
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const piece = read.value;
    const taken = Math.min(piece.byteLength, limit - size);
    bytes.set(piece.subarray(0, taken), size);
    size += taken;
  }
  return bytes.subarray(0, size);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function indexOfAscii(bytes: Uint8Array, text: string, from = 0): number {
  outer: for (let i = from; i + text.length <= bytes.length; i++) {
    for (let j = 0; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/**
 * A WAV's RIFF header states the file's size: a file that ends before it was cut short (an
 * interrupted upload or copy), and would play as noise or silence where the rest should be.
 */
function checkWavComplete(head: Uint8Array, size: number) {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const announced = head.byteLength >= 8 ? view.getUint32(4, true) + 8 : 0;
  if (announced > size)
    throw refuse(`The WAV file is truncated: its header announces ${announced} bytes but the file has ${size}`);
}

/**
 * An MP3's audio samples from its Xing/Info tag: the frame count (the tag's own frame not
 * included) less the samples the encoder added before and after the audio (LAME's gapless
 * fields). Counting frames alone is off by up to 200 ms; null when there is no such tag.
 */
function mp3TaggedSamples(head: Uint8Array, sampleRate: number): number | null {
  for (const tag of ["Xing", "Info"]) {
    const at = indexOfAscii(head, tag);
    if (at < 0 || at + 12 > head.length) continue;
    const view = new DataView(head.buffer, head.byteOffset + at);
    const hasFrameCount = (view.getUint32(4) & 1) === 1;
    if (!hasFrameCount) return null;
    // Layer III frames hold 1152 samples in MPEG-1 (32 kHz and up), 576 in MPEG-2 and 2.5.
    const samples = view.getUint32(8) * (sampleRate >= 32_000 ? 1152 : 576);
    const encoder = at + 120;
    if (encoder + 24 > head.length || !/^(LAME|Lavc|Lavf)/.test(ascii(head, encoder, 4))) return samples;
    const b = head.subarray(encoder + 21, encoder + 24);
    const delay = (b[0]! << 4) | (b[1]! >> 4);
    const padding = ((b[1]! & 0x0f) << 8) | b[2]!;
    return Math.max(0, samples - delay - padding);
  }
  return null;
}

/** The format and duration of `size` bytes that `read` streams; refuses anything else. */
export async function inspectAudio(read: Reader, size: number): Promise<AudioFacts> {
  if (size === 0) throw refuse("The file is empty");
  const head = await readAll(read({ start: 0, end: HEAD_BYTES - 1 }), HEAD_BYTES);
  let metadata: Awaited<ReturnType<typeof parseWebStream>>;
  try {
    metadata = await parseWebStream(read(), { size }, { duration: true, skipCovers: true });
  } catch {
    throw refuse(`The file is not audio in a supported format (${ACCEPTED_FORMATS_TEXT})`);
  }
  const { container = "", codec = "", duration, sampleRate } = metadata.format;
  let format: SoundFormat;
  let seconds = duration;
  if (container === "WAVE") {
    format = "wav";
    checkWavComplete(head, size);
    if (metadata.quality.warnings.some((warning) => /data chunk length exceeding file length/i.test(warning.message))) {
      throw refuse("The WAV file is truncated: its audio data ends before the length its header announces");
    }
  } else if (container === "MPEG" && /layer 3/i.test(codec)) {
    format = "mp3";
    const tagged = sampleRate ? mp3TaggedSamples(head, sampleRate) : null;
    if (tagged !== null && sampleRate) seconds = tagged / sampleRate;
  } else if (container === "Ogg" && codec === "Opus") {
    format = "ogg";
  } else {
    const what = [container, codec].filter(Boolean).join(" ") || "This file";
    throw refuse(`${what} audio is not supported: upload ${ACCEPTED_FORMATS_TEXT}`);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    throw refuse("The file's length cannot be read: it may be damaged or empty");
  }
  const durationMs = Math.round(seconds * 1000);
  if (durationMs > MAX_SOUND_DURATION_MS) {
    throw refuse(`The sound is ${formatDuration(durationMs)} long; at most ${formatDuration(MAX_SOUND_DURATION_MS)} is accepted`);
  }
  return { format, durationMs };
}
