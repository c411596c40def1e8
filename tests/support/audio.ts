import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// Test audio made at test time from Debian's sox, lame and opus-tools (nothing binary is
// committed): a sine tone of an exact length, in each accepted format.

const run = promisify(execFile);

export type ToneFormat = "wav" | "mp3" | "ogg";

type ToneOptions = { rate?: number; channels?: number; bits?: number; mp3Kbps?: number };

/** A 440 Hz tone of `seconds`, encoded as `format`. */
export async function tone(
  format: ToneFormat,
  seconds: number,
  { rate = 44_100, channels = 1, bits = 16, mp3Kbps = 128 }: ToneOptions = {},
): Promise<Buffer> {
  const folder = await mkdtemp(path.join(tmpdir(), "tone-"));
  try {
    const wav = path.join(folder, "tone.wav");
    await run("sox", [
      "-n",
      "-r",
      String(rate),
      "-c",
      String(channels),
      "-b",
      String(bits),
      wav,
      "synth",
      String(seconds),
      "sine",
      "440",
    ]);
    if (format === "wav") return await readFile(wav);
    const encoded = path.join(folder, `tone.${format}`);
    if (format === "mp3") await run("lame", ["--quiet", "-b", String(mp3Kbps), wav, encoded]);
    else await run("opusenc", ["--quiet", wav, encoded]);
    return await readFile(encoded);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
