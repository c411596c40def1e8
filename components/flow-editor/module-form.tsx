"use client";

import { useEffect, useState, type ReactNode } from "react";
import { FormProvider, useForm } from "react-hook-form";
import {
  DIAL_BY_EXTENSION_BRANCH_KEYS,
  IVR_BRANCH_KEYS,
  NUMBER_FIELD_RANGES,
  SIPUSER_VOICEMAIL,
  type ModuleType,
} from "@/server/domain/call-flow";
import { moduleFieldLabel as label } from "./field-labels";
import { BranchesField, MailboxesField, PatternsField, ResourceField, RouteField, SecondsField, TargetsField, TextField } from "./module-fields";
import { MODULE_LABELS } from "./module-labels";

type FieldsProps = { moduleKey: string };

/** The form of each module type: its documented fields, with pickers for routes and resources. */
const MODULE_FIELDS: Record<ModuleType, (props: FieldsProps) => ReactNode> = {
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

type ModuleFormProps = {
  moduleKey: string;
  /** The module's name in the editor, e.g. "Caller ID match 2". */
  name: string;
  type: ModuleType;
  module: Record<string, unknown>;
  onChange: (module: Record<string, unknown>) => void;
  onDelete: (() => void) | null;
};

/**
 * One module's form. Every change flows straight into the flow, where the same rules as the
 * server's run on the whole flow; their issues come back to the fields in people's words.
 */
export function ModuleForm({ moduleKey, name, type, module, onChange, onDelete }: ModuleFormProps) {
  const form = useForm<Record<string, unknown>>({ values: module });
  useEffect(() => {
    const subscription = form.watch((values) => onChange({ ...values, module: module.module }));
    return () => subscription.unsubscribe();
  }, [form, onChange, module.module]);
  const Fields = MODULE_FIELDS[type];
  return (
    <FormProvider {...form}>
      <form
        className="stack module-form"
        aria-label={`${MODULE_LABELS[type].title} module`}
        data-module-key={moduleKey}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="row-inline module-heading">
          <h3>{name}</h3>
          <CopyModuleId moduleKey={moduleKey} />
        </div>
        <p className="hint">{MODULE_LABELS[type].help}</p>
        <Fields moduleKey={moduleKey} />
        {onDelete ? (
          <button type="button" className="danger" onClick={onDelete}>
            Delete this module
          </button>
        ) : null}
      </form>
    </FormProvider>
  );
}

/** The module's id is only for people who work with the JSON or the API: copied, never shown. */
function CopyModuleId({ moduleKey }: { moduleKey: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="link"
      onClick={() =>
        void navigator.clipboard.writeText(moduleKey).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? "Module id copied" : "Copy module id"}
    </button>
  );
}
