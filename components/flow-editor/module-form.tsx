"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, type ReactNode } from "react";
import { FormProvider, useForm, type Resolver } from "react-hook-form";
import {
  DIAL_BY_EXTENSION_BRANCH_KEYS,
  IVR_BRANCH_KEYS,
  MODULE_SCHEMAS,
  NUMBER_FIELD_RANGES,
  SIPUSER_VOICEMAIL,
  type ModuleType,
} from "@/server/domain/call-flow";
import { BranchesField, MailboxesField, PatternsField, ResourceField, RouteField, SecondsField, TargetsField, TextField } from "./module-fields";
import { MODULE_LABELS } from "./module-labels";

type FieldsProps = { moduleKey: string };

/** The form of each module type: its documented fields, with pickers for routes and resources. */
const MODULE_FIELDS: Record<ModuleType, (props: FieldsProps) => ReactNode> = {
  start: ({ moduleKey }) => <RouteField moduleKey={moduleKey} name="next" label="Then go to" />,
  recording: ({ moduleKey }) => <RouteField moduleKey={moduleKey} name="next" label="Then go to" />,
  musiconhold: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="class" label="Hold music playlist" kinds={["playlists"]} />
      <RouteField moduleKey={moduleKey} name="next" label="Then go to" />
    </>
  ),
  calleridmatch: ({ moduleKey }) => (
    <>
      <PatternsField moduleKey={moduleKey} />
      <RouteField moduleKey={moduleKey} name="match" label="When a pattern matches, go to" />
      <RouteField moduleKey={moduleKey} name="nomatch" label="When no pattern matches, go to" />
    </>
  ),
  play: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label="Sound" kinds={["sounds"]} />
      <RouteField moduleKey={moduleKey} name="next" label="Then go to" />
    </>
  ),
  extension: ({ moduleKey }) => (
    <>
      <TargetsField moduleKey={moduleKey} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ringDuration} />
      <ResourceField moduleKey={moduleKey} name="ringtone" label="Ringtone (sound or playlist)" kinds={["sounds", "playlists"]} optional />
      <ResourceField moduleKey={moduleKey} name="announcement" label="Call whisper (sound)" kinds={["sounds"]} optional />
      <RouteField moduleKey={moduleKey} name="noanswer" label="When nobody answers, go to" optional />
    </>
  ),
  pressextension: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label="Menu prompt (sound)" kinds={["sounds"]} optional />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.ivrWait} />
      <BranchesField moduleKey={moduleKey} keys={IVR_BRANCH_KEYS} />
    </>
  ),
  dialbyextension: ({ moduleKey }) => (
    <>
      <ResourceField moduleKey={moduleKey} name="sound" label="Prompt (sound)" kinds={["sounds"]} optional />
      <ResourceField moduleKey={moduleKey} name="ringtone" label="Hold music while ringing (sound or playlist)" kinds={["sounds", "playlists"]} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialWait} />
      <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.dialRing} />
      <BranchesField moduleKey={moduleKey} keys={DIAL_BY_EXTENSION_BRANCH_KEYS} />
      <TextField
        moduleKey={moduleKey}
        name="noanswer"
        label="When the dialled user does not answer"
        hint={`A module key, or ${SIPUSER_VOICEMAIL} for the user's personal voicemail.`}
      />
    </>
  ),
  busy: ({ moduleKey }) => <SecondsField moduleKey={moduleKey} range={NUMBER_FIELD_RANGES.busyTone} />,
  voicemail: ({ moduleKey }) => <MailboxesField moduleKey={moduleKey} />,
  conference: ({ moduleKey }) => (
    <>
      <TextField moduleKey={moduleKey} name="pin" label="PIN" hint="Optional: exactly 4 digits." optional />
      <ResourceField moduleKey={moduleKey} name="announcement" label="Announcement on joining (sound)" kinds={["sounds"]} optional />
      <ResourceField moduleKey={moduleKey} name="music" label="Music while alone (playlist)" kinds={["playlists"]} optional />
    </>
  ),
  Trunk: ({ moduleKey }) => <ResourceField moduleKey={moduleKey} name="uuid" label="Trunk" kinds={["trunks"]} />,
  fax: () => <p className="hint">A fax module has no settings. It must be the only module after Start.</p>,
};

type ModuleFormProps = {
  moduleKey: string;
  type: ModuleType;
  module: Record<string, unknown>;
  onChange: (module: Record<string, unknown>) => void;
  onDelete: (() => void) | null;
};

/**
 * One module's form. react-hook-form checks the module against the same zod schema as the
 * server; every change flows straight into the flow, where the whole-flow rules run.
 */
export function ModuleForm({ moduleKey, type, module, onChange, onDelete }: ModuleFormProps) {
  const form = useForm<Record<string, unknown>>({
    values: module,
    resolver: zodResolver(MODULE_SCHEMAS[type]) as unknown as Resolver<Record<string, unknown>>,
    mode: "all",
  });
  useEffect(() => {
    const subscription = form.watch((values) => onChange({ ...values, module: module.module }));
    return () => subscription.unsubscribe();
  }, [form, onChange, module.module]);
  useEffect(() => {
    void form.trigger();
  }, [form, module]);
  const Fields = MODULE_FIELDS[type];
  return (
    <FormProvider {...form}>
      <form className="stack module-form" aria-label={`${MODULE_LABELS[type].title} module`} onSubmit={(event) => event.preventDefault()}>
        <h3>
          {MODULE_LABELS[type].title} <code className="module-key">{moduleKey}</code>
        </h3>
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
