"use client";

import type { ReactNode } from "react";
import {
  DIAL_BY_EXTENSION_BRANCH_KEYS,
  IVR_BRANCH_KEYS,
  NUMBER_FIELD_RANGES,
  SIPUSER_VOICEMAIL,
  type ModuleType,
} from "@/server/domain/call-flow";
import { moduleFieldLabel as label } from "./field-labels";
import { BranchesField, MailboxesField, PatternsField, ResourceField, RouteField, SecondsField, TargetsField, TextField } from "./module-fields";

export type ModuleFieldsProps = { moduleKey: string };

/**
 * The form of each module type: its documented fields, with pickers for routes and resources.
 * Everything else about a module type is its registry entry (server/domain/call-flow/modules);
 * the form is the one part that needs React.
 */
export const MODULE_FORMS: { readonly [T in ModuleType]: (props: ModuleFieldsProps) => ReactNode } = {
  start: ({ moduleKey }) => <RouteField moduleKey={moduleKey} name="next" label={label("start", "next")} />,
  recording: ({ moduleKey }) => <RouteField moduleKey={moduleKey} name="next" label={label("recording", "next")} />,
  musiconhold: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="class" label={label("musiconhold", "class")} kinds={["playlists"]} />
      <RouteField moduleKey={moduleKey} name="next" label={label("musiconhold", "next")} />
    </>
  ),
  calleridmatch: ({ moduleKey }) => (
    <>
      <PatternsField moduleKey={moduleKey} />
      <RouteField moduleKey={moduleKey} name="match" label={label("calleridmatch", "match")} />
      <RouteField moduleKey={moduleKey} name="nomatch" label={label("calleridmatch", "nomatch")} />
    </>
  ),
  play: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label={label("play", "sound")} kinds={["sounds"]} />
      <RouteField moduleKey={moduleKey} name="next" label={label("play", "next")} />
    </>
  ),
  extension: ({ moduleKey }) => (
    <>
      <TargetsField moduleKey={moduleKey} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ringDuration} />
      <ResourceField moduleKey={moduleKey} name="ringtone" label={label("extension", "ringtone")} kinds={["sounds", "playlists"]} optional />
      <ResourceField moduleKey={moduleKey} name="announcement" label={label("extension", "announcement")} kinds={["sounds"]} optional />
      <RouteField moduleKey={moduleKey} name="noanswer" label={label("extension", "noanswer")} optional />
    </>
  ),
  pressextension: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label={label("pressextension", "sound")} kinds={["sounds"]} optional />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ivrWait} />
      <BranchesField moduleKey={moduleKey} keys={IVR_BRANCH_KEYS} />
    </>
  ),
  dialbyextension: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label={label("dialbyextension", "sound")} kinds={["sounds"]} optional />
      <ResourceField moduleKey={moduleKey} name="ringtone" label={label("dialbyextension", "ringtone")} kinds={["sounds", "playlists"]} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialWait} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialRing} />
      <BranchesField moduleKey={moduleKey} keys={DIAL_BY_EXTENSION_BRANCH_KEYS} />
      <RouteField
        moduleKey={moduleKey}
        name="noanswer"
        label={label("dialbyextension", "noanswer")}
        special={[{ value: SIPUSER_VOICEMAIL, label: "The dialled user's own voicemail" }]}
      />
    </>
  ),
  busy: ({ moduleKey }) => <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.busyTone} />,
  voicemail: ({ moduleKey }) => <MailboxesField moduleKey={moduleKey} />,
  conference: ({ moduleKey }) => (
    <>
      <TextField moduleKey={moduleKey} name="pin" label={label("conference", "pin")} hint="Optional: exactly 4 digits." optional />
      <ResourceField moduleKey={moduleKey} name="announcement" label={label("conference", "announcement")} kinds={["sounds"]} optional />
      <ResourceField moduleKey={moduleKey} name="music" label={label("conference", "music")} kinds={["playlists"]} optional />
    </>
  ),
  Trunk: ({ moduleKey }) => <ResourceField moduleKey={moduleKey} name="uuid" label={label("Trunk", "uuid")} kinds={["trunks"]} />,
  fax: () => <p className="hint">A fax module has no settings. It must be the only module after Start.</p>,
};
