import { execFile, spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { speechCommand } from "@/server/config";

// Text to speech with espeak-ng (a Debian package) when the machine has it. Without it the
// portal offers no speech at all: `speechVoices()` is null and nothing else is called.

type SpeechVoice = { id: string; label: string };

/** The voices offered, when espeak-ng has them: its own ids, with a "+f3"-style variant for a female voice. */
const OFFERED_VOICES: readonly SpeechVoice[] = [
  { id: "en-gb", label: "English (UK)" },
  { id: "en-gb+f3", label: "English (UK), female" },
  { id: "en-us", label: "English (US)" },
  { id: "en-us+f3", label: "English (US), female" },
  { id: "fr-fr", label: "French" },
  { id: "de", label: "German" },
  { id: "es", label: "Spanish" },
  { id: "it", label: "Italian" },
  { id: "nl", label: "Dutch" },
  { id: "pt", label: "Portuguese" },
];

const SYNTHESIS_TIMEOUT_MS = 60_000;

const voicesByCommand = new Map<string, Promise<SpeechVoice[] | null>>();

function installedLanguages(binary: string): Promise<Set<string> | null> {
  return new Promise((resolve) => {
    execFile(binary, ["--voices"], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(null);
      // Columns: Pty Language Age/Gender VoiceName File Other-languages.
      const languages = stdout
        .split("\n")
        .slice(1)
        .map((line) => line.trim().split(/\s+/)[1])
        .filter((language): language is string => Boolean(language));
      resolve(new Set(languages));
    });
  });
}

/** The voices this machine can speak with, or null when espeak-ng is not installed. Asked once per process. */
export function speechVoices(): Promise<SpeechVoice[] | null> {
  const binary = speechCommand();
  let voices = voicesByCommand.get(binary);
  if (!voices) {
    voices = installedLanguages(binary).then((languages) =>
      languages ? OFFERED_VOICES.filter((voice) => languages.has(voice.id.split("+")[0]!)) : null,
    );
    voicesByCommand.set(binary, voices);
  }
  return voices;
}

/**
 * Speaks `text` into a WAV file and hands it to `use` as a stream; the file is removed after.
 * The text goes in on stdin, so nothing in it can be taken for a command-line option.
 */
export async function withSpokenAudio<T>(
  text: string,
  voice: string,
  use: (audio: AsyncIterable<Uint8Array>) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), "speech-"));
  try {
    const file = path.join(folder, "speech.wav");
    await new Promise<void>((resolve, reject) => {
      const child = spawn(speechCommand(), ["-v", voice, "-w", file, "--stdin"], {
        stdio: ["pipe", "ignore", "pipe"],
        timeout: SYNTHESIS_TIMEOUT_MS,
      });
      let stderr = "";
      child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`espeak-ng exited with ${code}: ${stderr.trim()}`)),
      );
      child.stdin.end(text);
    });
    return await use(createReadStream(file));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
