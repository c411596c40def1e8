"use client";

import { huntGroupKind, mailboxKind, playlistKind, sipUserKind, soundKind, trunkKind } from "./resource-kinds";
import { ResourceSection } from "./resource-section";

// What an account's call flows can point at, one page per subject (the pages under
// app/(portal)/accounts/[accountId]/). Each kind is one section: its table, inline edit and add form.

/** Who answers on an extension: SIP users, hunt groups, voicemail boxes, and trunks out. */
export function ExtensionSections({ accountId }: { accountId: string }) {
  return (
    <>
      <ResourceSection kind={sipUserKind} accountId={accountId} />
      <ResourceSection kind={huntGroupKind} accountId={accountId} />
      <ResourceSection kind={mailboxKind} accountId={accountId} />
      <ResourceSection kind={trunkKind} accountId={accountId} />
    </>
  );
}

/** What callers hear: sounds, and playlists of them. */
export function SoundSections({ accountId }: { accountId: string }) {
  return (
    <>
      <ResourceSection kind={soundKind} accountId={accountId} />
      <ResourceSection kind={playlistKind} accountId={accountId} />
    </>
  );
}
