"use client";

import type { ReactNode } from "react";
import {
  DIAL_BY_EXTENSION_BRANCH_KEYS,
  IVR_BRANCH_KEYS,
  NUMBER_FIELD_RANGES,
  SIPUSER_VOICEMAIL,
  type ModuleType,
  moduleTypeDefinition,
} from "@/server/domain/call-flow";
import { moduleFieldLabel as label, type ModuleFieldName, SPECIAL_ROUTE_LABELS } from "./field-labels";
import {
  BranchesField,
  MailboxesField,
  PatternsField,
  ResourceField,
  RouteField,
  SecondsField,
  TargetsField,
  TextField,
} from "./module-fields";
import { isOptionalField } from "./routes";
import { Hint } from "@/components/ui/field";

type ModuleFieldsProps = { moduleKey: string };

/** A picker for a resource field of a module type: its label, the kinds it accepts and whether
 * it may be left empty all come from the module type's registry entry. */
function ResourcePicker<T extends ModuleType>({
  moduleKey,
  type,
  name,
}: {
  moduleKey: string;
  type: T;
  name: ModuleFieldName<T>;
}) {
  const [, kinds = []] = moduleTypeDefinition(type).resources.find(([field]) => field === name) ?? [];
  return (
    <ResourceField
      moduleKey={moduleKey}
      name={name}
      label={label(type, name)}
      kinds={[...kinds]}
      optional={isOptionalField(type, name)}
    />
  );
}

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
      <ResourcePicker moduleKey={moduleKey} type="musiconhold" name="class" />
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
      <ResourcePicker moduleKey={moduleKey} type="play" name="sound" />
      <RouteField moduleKey={moduleKey} name="next" label={label("play", "next")} />
    </>
  ),
  extension: ({ moduleKey }) => (
    <>
      <TargetsField moduleKey={moduleKey} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ringDuration} />
      <ResourcePicker moduleKey={moduleKey} type="extension" name="ringtone" />
      <ResourcePicker moduleKey={moduleKey} type="extension" name="announcement" />
      <RouteField moduleKey={moduleKey} name="noanswer" label={label("extension", "noanswer")} optional />
    </>
  ),
  pressextension: ({ moduleKey }) => (
    <>
      <ResourcePicker moduleKey={moduleKey} type="pressextension" name="sound" />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ivrWait} />
      <BranchesField moduleKey={moduleKey} keys={IVR_BRANCH_KEYS} />
    </>
  ),
  dialbyextension: ({ moduleKey }) => (
    <>
      <ResourcePicker moduleKey={moduleKey} type="dialbyextension" name="sound" />
      <ResourcePicker moduleKey={moduleKey} type="dialbyextension" name="ringtone" />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialWait} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialRing} />
      <BranchesField moduleKey={moduleKey} keys={DIAL_BY_EXTENSION_BRANCH_KEYS} />
      <RouteField
        moduleKey={moduleKey}
        name="noanswer"
        label={label("dialbyextension", "noanswer")}
        special={[{ value: SIPUSER_VOICEMAIL, label: SPECIAL_ROUTE_LABELS[SIPUSER_VOICEMAIL]! }]}
      />
    </>
  ),
  busy: ({ moduleKey }) => <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.busyTone} />,
  voicemail: ({ moduleKey }) => <MailboxesField moduleKey={moduleKey} />,
  conference: ({ moduleKey }) => (
    <>
      <TextField
        moduleKey={moduleKey}
        name="pin"
        label={label("conference", "pin")}
        hint="Optional: exactly 4 digits."
        optional
      />
      <ResourcePicker moduleKey={moduleKey} type="conference" name="announcement" />
      <ResourcePicker moduleKey={moduleKey} type="conference" name="music" />
    </>
  ),
  Trunk: ({ moduleKey }) => <ResourcePicker moduleKey={moduleKey} type="Trunk" name="uuid" />,
  fax: () => <Hint>A fax module has no settings. It must be the only module after Start.</Hint>,
};
