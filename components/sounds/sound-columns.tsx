"use client";

import { SoundPlayer, soundLength } from "./sound-player";

type SoundRow = { id: string; name: string; durationMs: number | null; ttsText: string | null; ttsVoice: string | null };

/** The Sounds table's cells besides the name: its length, a player, and the text it speaks. */
export const SOUND_COLUMNS = [
  {
    heading: "Length",
    Cell: ({ row }: { row: SoundRow }) => <span data-testid="sound-length">{soundLength(row.durationMs)}</span>,
  },
  {
    heading: "Listen",
    Cell: ({ row, accountId }: { row: SoundRow; accountId: string }) => <SoundPlayer accountId={accountId} sound={row} />,
  },
  {
    heading: "Spoken text",
    Cell: ({ row }: { row: SoundRow }) =>
      row.ttsText === null ? null : (
        <span className="text-sm">
          “{row.ttsText}” <span className="text-xs text-muted">({row.ttsVoice})</span>
        </span>
      ),
  },
] as const;
