// Sounds' limits and formats: pure, shared by the server, the REST documentation and the portal.

export const SOUND_FORMATS = ["wav", "mp3", "ogg"] as const;
export type SoundFormat = (typeof SOUND_FORMATS)[number];

export const SOUND_CONTENT_TYPES: Record<SoundFormat, string> = { wav: "audio/wav", mp3: "audio/mpeg", ogg: "audio/ogg" };

export const MAX_SOUND_BYTES = 10 * 1024 * 1024;
export const MAX_SOUND_DURATION_MS = 10 * 60 * 1000;
/** Text to speech: long enough for any greeting or menu. */
export const MAX_SPEECH_TEXT_LENGTH = 2000;

export const ACCEPTED_FORMATS_TEXT = "WAV, MP3 or OGG/Opus";

/** "1:05", "0:04" */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
