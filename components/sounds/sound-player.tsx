"use client";

import { formatDuration } from "@/server/domain/sound";

/** Where the portal plays a sound of an account from (the signed-in user's session authorizes it). */
export function soundAudioUrl(accountId: string, soundId: string): string {
  return `/api/accounts/${accountId}/sounds/${soundId}/audio`;
}

/** "0:04", or a dash for a sound that has no audio. */
export function soundLength(durationMs: number | null | undefined): string {
  return durationMs === null || durationMs === undefined ? "—" : formatDuration(durationMs);
}

/** A sound's player; nothing is fetched until it is played. */
export function SoundPlayer({
  accountId,
  sound,
}: {
  accountId: string;
  sound: { id: string; name: string; durationMs: number | null };
}) {
  if (sound.durationMs === null) return <span className="text-xs text-muted">No audio</span>;
  return (
    <audio
      className="h-9 max-w-full min-w-48"
      controls
      preload="none"
      src={soundAudioUrl(accountId, sound.id)}
      aria-label={`Play ${sound.name}`}
    />
  );
}
