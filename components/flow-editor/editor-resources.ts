"use client";

import { useMemo } from "react";
import type { AccountResources } from "@/server/domain/call-flow";
import type { ResourceDirectory } from "@/server/services/call-flows/simulation";
import { soundAudioUrl, soundLength } from "@/components/sounds/sound-player";
import type { ResourceOptions } from "./editor-context";

function resourceOptions(directory: ResourceDirectory, accountId: string): ResourceOptions {
  const named = (rows: { id: string; name: string }[]) => rows.map((row) => ({ id: row.id, label: row.name }));
  return {
    sipUsers: directory.sipUsers.map((u) => ({ id: u.id, label: `${u.name} (ext ${u.extension})` })),
    huntGroups: directory.huntGroups.map((g) => ({ id: g.id, label: `${g.name} (ext ${g.extension})` })),
    sounds: directory.sounds.map((sound) =>
      sound.durationMs === null
        ? { id: sound.id, label: sound.name }
        : {
            id: sound.id,
            label: `${sound.name} (${soundLength(sound.durationMs)})`,
            audioUrl: soundAudioUrl(accountId, sound.id),
          },
    ),
    playlists: named(directory.playlists),
    mailboxes: directory.mailboxes.map((m) => ({ id: m.id, label: `${m.name} (box ${m.boxNumber})` })),
    trunks: named(directory.trunks),
  };
}

function idSets(directory: ResourceDirectory) {
  const ids = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  return {
    sipUsers: ids(directory.sipUsers),
    huntGroups: ids(directory.huntGroups),
    sounds: ids(directory.sounds),
    playlists: ids(directory.playlists),
    mailboxes: ids(directory.mailboxes),
    trunks: ids(directory.trunks),
  };
}

/** Names for the graph's short summaries and the route pickers: "Pete (201)". */
function summaryNames(directory: ResourceDirectory, options: ResourceOptions): Map<string, string> {
  const names = new Map(Object.values(options).flatMap((list) => list.map((option) => [option.id, option.label] as const)));
  for (const row of [...directory.sipUsers, ...directory.huntGroups]) names.set(row.id, `${row.name} (${row.extension})`);
  return names;
}

/** The resources a flow's fields can name, as the editor uses them: ids to check references
 * against, options for the pickers, and names for the graph's summaries. */
export type EditorResources = {
  resources: AccountResources;
  options: ResourceOptions;
  names: ReadonlyMap<string, string>;
};

/** A directory of no resources, for an editor whose resources come from elsewhere (a template's). */
export const EMPTY_DIRECTORY: ResourceDirectory = {
  sipUsers: [],
  huntGroups: [],
  sounds: [],
  playlists: [],
  mailboxes: [],
  trunks: [],
};

/** The account's resources as the editor uses them. */
export function useEditorResources(directory: ResourceDirectory, accountId: string): EditorResources {
  const resources = useMemo(() => idSets(directory), [directory]);
  const options = useMemo(() => resourceOptions(directory, accountId), [directory, accountId]);
  const names = useMemo(() => summaryNames(directory, options), [directory, options]);
  return { resources, options, names };
}
