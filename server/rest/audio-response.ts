import type { SoundAudio } from "@/server/services/sounds/sounds";
import type { ByteRange } from "@/server/services/sounds/storage";

/**
 * A single `bytes=` range of an object of `size` bytes: a range, "unsatisfiable", or null to
 * send the whole object (no header, or one this server does not serve in part, such as several
 * ranges: RFC 9110 lets a server ignore Range).
 */
export function parseRange(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, first, last] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** The audio as HTTP: whole (200) or the range asked for (206, or 416), streamed from the store. */
export function audioResponse(audio: SoundAudio, rangeHeader: string | null): Response {
  const common = { "Accept-Ranges": "bytes", "Content-Type": audio.contentType, "Cache-Control": "private, no-store" };
  const range = parseRange(rangeHeader, audio.size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${audio.size}` } });
  }
  if (range === null) {
    return new Response(audio.read(), { status: 200, headers: { ...common, "Content-Length": String(audio.size) } });
  }
  return new Response(audio.read(range), {
    status: 206,
    headers: {
      ...common,
      "Content-Length": String(range.end - range.start + 1),
      "Content-Range": `bytes ${range.start}-${range.end}/${audio.size}`,
    },
  });
}
