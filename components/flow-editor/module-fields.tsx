"use client";

import { memo, useId, useState, type ReactNode } from "react";
import { Controller, type ControllerRenderProps } from "react-hook-form";
import {
  callerIdPatternProblem,
  matchCallerId,
  MODULE_REGISTRY,
  type ModuleType,
  type NumberFieldRange,
  type ResourceKind,
} from "@/server/domain/call-flow";
import { useEditor, type EditorContextValue, type ResourceOption } from "./editor-context";
import { branchLabel, MODULE_FIELD_TEXTS } from "./field-labels";
import { ADDABLE_TYPES } from "./graph-toolbar";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type FieldErrorsProps = { moduleKey: string; path: string };

/** The problems at one field, as the flow's rules find them, once the user is to see them. */
function FieldProblems({ moduleKey, path, id }: FieldErrorsProps & { id: string }) {
  const { issuesOf } = useEditor();
  const { errors, warnings } = issuesOf(moduleKey);
  const messages = new Set(errors.filter((issue) => issue.path === path).map((issue) => issue.message));
  const notes = warnings.filter((issue) => issue.path === path).map((issue) => issue.message);
  if (messages.size === 0 && notes.length === 0) return null;
  return (
    <div id={id}>
      {[...messages].map((message) => (
        <Message key={message} tone="error" data-testid={`error-${moduleKey}.${path}`}>
          {message}
        </Message>
      ))}
      {notes.map((message) => (
        <Message key={message} tone="warning">
          {message}
        </Message>
      ))}
    </div>
  );
}

function Labelled({
  label,
  hint,
  moduleKey,
  path,
  after,
  children,
}: FieldErrorsProps & {
  label: string;
  hint?: ReactNode;
  after?: ReactNode;
  children: (ids: { inputId: string; describedBy: string }) => ReactNode;
}) {
  const base = useId();
  const { reveal } = useEditor();
  const inputId = `${base}-input`;
  const describedBy = `${base}-hint ${base}-problems`;
  // A field's problems show once the user leaves it, or makes a choice in a picker: the box
  // listens to its own input's events as they bubble, and takes none itself.
  return (
    <FieldBox
      onBlur={() => reveal(moduleKey, path)}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement) reveal(moduleKey, path);
      }}
    >
      <label htmlFor={inputId}>{label}</label>
      {children({ inputId, describedBy })}
      {after}
      {hint ? <Hint id={`${base}-hint`}>{hint}</Hint> : null}
      <FieldProblems moduleKey={moduleKey} path={path} id={`${base}-problems`} />
    </FieldBox>
  );
}

/**
 * One value of the module's form, bound by `name`, in a labelled box that shows the problems the
 * flow's rules find at that same path. `control` draws the input with the box's ids and the form's
 * field; `after` draws what goes under the input (a player for the sound chosen).
 */
function LabelledController({
  moduleKey,
  name,
  label,
  hint,
  after,
  control,
}: {
  moduleKey: string;
  name: string;
  label: string;
  hint?: ReactNode;
  after?: (field: ControllerRenderProps) => ReactNode;
  control: (field: ControllerRenderProps, ids: { inputId: string; describedBy: string }) => ReactNode;
}) {
  return (
    <Controller
      name={name}
      render={({ field }) => (
        <Labelled label={label} hint={hint} moduleKey={moduleKey} path={name} after={after?.(field)}>
          {(ids) => control(field, ids)}
        </Labelled>
      )}
    />
  );
}

/** A text control's value: the field's string, or empty while the field holds none. */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

const NEW_MODULE_PREFIX = "new:";

/** A route to another module: pick one of the flow's modules, or add a new one right here.
 * `special` offers destinations that are not modules (a dialled user's own voicemail). */
export function RouteField({
  moduleKey,
  name,
  label,
  optional = false,
  hint,
  special = [],
}: {
  moduleKey: string;
  name: string;
  label: string;
  optional?: boolean;
  hint?: string;
  special?: readonly { value: string; label: string }[];
}) {
  const { moduleOptions, addModule } = useEditor();
  return (
    <LabelledController
      moduleKey={moduleKey}
      name={name}
      label={label}
      hint={hint}
      control={(field, { inputId, describedBy }) => (
        <Select
          id={inputId}
          aria-describedby={describedBy}
          value={textOf(field.value)}
          onBlur={field.onBlur}
          onChange={(event) => {
            const value = event.target.value;
            if (value.startsWith(NEW_MODULE_PREFIX))
              field.onChange(addModule(value.slice(NEW_MODULE_PREFIX.length) as ModuleType, { moduleKey, field: name }));
            else field.onChange(value === "" ? undefined : value);
          }}
        >
          <option value="">{optional ? "— none —" : "— choose a module —"}</option>
          {special.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          <RouteChoices options={moduleOptions} moduleKey={moduleKey} />
        </Select>
      )}
    />
  );
}

/**
 * A route picker's modules and new-module choices. Memoised: a long flow offers hundreds of
 * modules in each picker, and the list stays the same object while no module's label changes
 * (see the editor's `moduleOptions`), so typing in a field redraws none of them.
 */
const RouteChoices = memo(function RouteChoices({
  options,
  moduleKey,
}: {
  options: EditorContextValue["moduleOptions"];
  moduleKey: string;
}) {
  return (
    <>
      <optgroup label="Modules of this flow">
        {options
          .filter((option) => option.key !== moduleKey)
          .map((option) => (
            <option key={option.key} value={option.key}>
              {option.label}
            </option>
          ))}
      </optgroup>
      <optgroup label="Add a new module here">
        {ADDABLE_TYPES.map((type) => (
          <option key={type} value={`${NEW_MODULE_PREFIX}${type}`}>
            New: {MODULE_REGISTRY[type].label}
          </option>
        ))}
      </optgroup>
    </>
  );
});

/** The value of a resource picker's "make a new one" choice (see `ResourceMaker`). */
const NEW_RESOURCE = "new-resource:";

/** The "make a new one" choice at the end of a resource picker, when the editor offers one. */
function NewResourceOption() {
  const { newResource } = useEditor();
  return newResource ? <option value={NEW_RESOURCE}>{newResource.label}</option> : null;
}

/** What a resource picker of `kinds` does with a value chosen: passes an id on to `choose`, or
 * makes a new resource and passes its id once made. */
function useResourcePicking(kinds: readonly ResourceKind[]) {
  const { newResource } = useEditor();
  return (value: string, choose: (id: string) => void) => {
    if (value !== NEW_RESOURCE) choose(value);
    else if (newResource) void newResource.make(kinds).then((id) => id !== null && choose(id));
  };
}

/** One of the account's resources (a sound, a playlist, a trunk...). */
export function ResourceField({
  moduleKey,
  name,
  label,
  kinds,
  optional = false,
}: {
  moduleKey: string;
  name: string;
  label: string;
  kinds: ResourceKind[];
  optional?: boolean;
}) {
  const { resources } = useEditor();
  const pick = useResourcePicking(kinds);
  const options = kinds.flatMap((kind) => resources[kind]);
  return (
    <LabelledController
      moduleKey={moduleKey}
      name={name}
      label={label}
      after={(field) => <PickedSoundPlayer option={options.find((option) => option.id === field.value)} label={label} />}
      control={(field, { inputId, describedBy }) => (
        <Select
          id={inputId}
          aria-describedby={describedBy}
          value={textOf(field.value)}
          onBlur={field.onBlur}
          onChange={(event) => (event.target.value === "" ? field.onChange(undefined) : pick(event.target.value, field.onChange))}
        >
          <option value="">{optional ? "— none —" : "— choose —"}</option>
          {typeof field.value === "string" && field.value && !options.some((option) => option.id === field.value) ? (
            <option value={field.value}>Not on this account</option>
          ) : null}
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
          <NewResourceOption />
        </Select>
      )}
    />
  );
}

/** A player for the sound a picker holds, so it can be heard before it is chosen for good. */
function PickedSoundPlayer({ option, label }: { option: ResourceOption | undefined; label: string }) {
  if (!option?.audioUrl) return null;
  // Keyed by sound: a new choice loads a new player rather than keeping the old one's position.
  return (
    <audio
      key={option.id}
      className="h-9 max-w-full min-w-48"
      controls
      preload="none"
      src={option.audioUrl}
      aria-label={`Play ${label}`}
    />
  );
}

/** Whole seconds; empty means the documented default. */
export function SecondsField({ moduleKey, range }: { moduleKey: string; range: NumberFieldRange }) {
  return (
    <LabelledController
      moduleKey={moduleKey}
      name={range.field}
      label={`${range.description} (seconds)`}
      hint={`Default ${range.defaultValue} s when empty; ${range.min}–${range.max} s.`}
      control={(field, { inputId, describedBy }) => (
        <Input
          id={inputId}
          aria-describedby={describedBy}
          type="number"
          inputMode="numeric"
          min={range.min}
          max={range.max}
          step={1}
          placeholder={String(range.defaultValue)}
          value={typeof field.value === "number" ? field.value : ""}
          onBlur={field.onBlur}
          onChange={(event) => field.onChange(event.target.value === "" ? undefined : event.target.valueAsNumber)}
        />
      )}
    />
  );
}

export function TextField({
  moduleKey,
  name,
  label,
  hint,
  optional = false,
}: {
  moduleKey: string;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
}) {
  return (
    <LabelledController
      moduleKey={moduleKey}
      name={name}
      label={label}
      hint={hint}
      control={(field, { inputId, describedBy }) => (
        <Input
          id={inputId}
          aria-describedby={describedBy}
          value={textOf(field.value)}
          onBlur={field.onBlur}
          onChange={(event) => field.onChange(optional && event.target.value === "" ? undefined : event.target.value)}
        />
      )}
    />
  );
}

/** Caller-ID patterns, with a box to try a caller ID against them. */
export function PatternsField({ moduleKey }: { moduleKey: string }) {
  const [callerId, setCallerId] = useState("");
  const tryId = useId();
  return (
    <Controller
      name="patterns"
      render={({ field }) => {
        const patterns: string[] = Array.isArray(field.value) ? field.value : [];
        const update = (next: string[]) => field.onChange(next);
        const matching = callerId
          ? patterns.find((pattern) => !callerIdPatternProblem(pattern) && matchCallerId([pattern], callerId))
          : undefined;
        return (
          <fieldset className="flex flex-col gap-3">
            <legend>{MODULE_FIELD_TEXTS.calleridmatch.patterns.label}</legend>
            {patterns.map((pattern, index) => (
              <div key={index} className="flex flex-wrap items-end gap-2">
                <Labelled label={`Pattern ${index + 1}`} moduleKey={moduleKey} path={`patterns.${index}`}>
                  {({ inputId, describedBy }) => (
                    <Input
                      id={inputId}
                      aria-describedby={describedBy}
                      value={pattern}
                      onChange={(event) => update(patterns.map((p, i) => (i === index ? event.target.value : p)))}
                    />
                  )}
                </Labelled>
                <Button type="button" variant="secondary" onClick={() => update(patterns.filter((_, i) => i !== index))}>
                  Remove pattern {index + 1}
                </Button>
              </div>
            ))}
            <FieldProblems moduleKey={moduleKey} path="patterns" id={`${tryId}-problems`} />
            <Button type="button" variant="secondary" onClick={() => update([...patterns, ""])}>
              Add pattern
            </Button>
            <FieldBox>
              <label htmlFor={tryId}>Try a caller ID</label>
              <Input
                id={tryId}
                value={callerId}
                onChange={(event) => setCallerId(event.target.value)}
                placeholder="e.g. 4480012345"
              />
              {callerId ? (
                <Hint role="status" data-testid="caller-id-try-result">
                  {matching !== undefined
                    ? `Matches ${matching}: the call follows match.`
                    : "Matches no pattern: the call follows no match."}
                </Hint>
              ) : null}
            </FieldBox>
          </fieldset>
        );
      }}
    />
  );
}

type Target = { type: "sipuser" | "huntgroup"; uuid: string } | { type: "forward"; number: string };

/** Who an extension module rings: SIP users, hunt groups and forward numbers, together. */
export function TargetsField({ moduleKey }: { moduleKey: string }) {
  const { resources } = useEditor();
  const pickSipUser = useResourcePicking(["sipUsers"]);
  const pickHuntGroup = useResourcePicking(["huntGroups"]);
  return (
    <Controller
      name="extensions"
      render={({ field }) => {
        const targets: Target[] = Array.isArray(field.value) ? field.value : [];
        const update = (next: Target[]) => field.onChange(next);
        const replace = (index: number, target: Target) => update(targets.map((t, i) => (i === index ? target : t)));
        return (
          <fieldset className="flex flex-col gap-3">
            <legend>{MODULE_FIELD_TEXTS.extension.extensions.label}</legend>
            {targets.map((target, index) => (
              <div key={index} className="flex flex-wrap items-end gap-2">
                <Labelled label={`Target ${index + 1} type`} moduleKey={moduleKey} path={`extensions.${index}.type`}>
                  {({ inputId, describedBy }) => (
                    <Select
                      id={inputId}
                      aria-describedby={describedBy}
                      value={target.type}
                      onChange={(event) => {
                        const type = event.target.value as Target["type"];
                        replace(index, type === "forward" ? { type, number: "" } : { type, uuid: "" });
                      }}
                    >
                      <option value="sipuser">SIP user</option>
                      <option value="huntgroup">Hunt group</option>
                      <option value="forward">Forward number</option>
                    </Select>
                  )}
                </Labelled>
                {target.type === "forward" ? (
                  <Labelled
                    label={`Target ${index + 1} number`}
                    hint="E.164, e.g. +441632960000"
                    moduleKey={moduleKey}
                    path={`extensions.${index}.number`}
                  >
                    {({ inputId, describedBy }) => (
                      <Input
                        id={inputId}
                        aria-describedby={describedBy}
                        value={target.number}
                        onChange={(event) => replace(index, { type: "forward", number: event.target.value })}
                      />
                    )}
                  </Labelled>
                ) : (
                  <Labelled
                    label={`Target ${index + 1} ${target.type === "sipuser" ? "SIP user" : "hunt group"}`}
                    moduleKey={moduleKey}
                    path={`extensions.${index}.uuid`}
                  >
                    {({ inputId, describedBy }) => (
                      <Select
                        id={inputId}
                        aria-describedby={describedBy}
                        value={target.uuid}
                        onChange={(event) =>
                          (target.type === "sipuser" ? pickSipUser : pickHuntGroup)(event.target.value, (uuid) =>
                            replace(index, { type: target.type, uuid }),
                          )
                        }
                      >
                        <option value="">— choose —</option>
                        {resources[target.type === "sipuser" ? "sipUsers" : "huntGroups"].map((option) => (
                          <option key={option.id} value={option.id}>
                            {option.label}
                          </option>
                        ))}
                        <NewResourceOption />
                      </Select>
                    )}
                  </Labelled>
                )}
                <Button type="button" variant="secondary" onClick={() => update(targets.filter((_, i) => i !== index))}>
                  Remove target {index + 1}
                </Button>
              </div>
            ))}
            <FieldProblems moduleKey={moduleKey} path="extensions" id={`${moduleKey}-targets-problems`} />
            <Button type="button" variant="secondary" onClick={() => update([...targets, { type: "sipuser", uuid: "" }])}>
              Add target
            </Button>
          </fieldset>
        );
      }}
    />
  );
}

/** An IVR's branches: which key leads where, plus invalid input and timeout. */
export function BranchesField({ moduleKey, keys }: { moduleKey: string; keys: readonly string[] }) {
  return (
    <Controller
      name="next"
      render={({ field }) => {
        const branches: Record<string, string> = field.value && typeof field.value === "object" ? field.value : {};
        const unused = keys.filter((key) => !(key in branches));
        const update = (next: Record<string, string>) => field.onChange(next);
        return (
          <fieldset className="flex flex-col gap-3">
            <legend>Branches</legend>
            {Object.keys(branches).map((key) => (
              <div key={key} className="flex flex-wrap items-end gap-2">
                <RouteField moduleKey={moduleKey} name={`next.${key}`} label={branchLabel(key)} />
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => update(Object.fromEntries(Object.entries(branches).filter(([k]) => k !== key)))}
                >
                  Remove branch {key}
                </Button>
              </div>
            ))}
            <FieldProblems moduleKey={moduleKey} path="next" id={`${moduleKey}-branches-problems`} />
            {unused.length > 0 ? <AddBranch unused={unused} onAdd={(key) => update({ ...branches, [key]: "" })} /> : null}
          </fieldset>
        );
      }}
    />
  );
}

function AddBranch({ unused, onAdd }: { unused: readonly string[]; onAdd: (key: string) => void }) {
  const id = useId();
  const [key, setKey] = useState(unused[0] ?? "");
  const chosen = unused.includes(key) ? key : (unused[0] ?? "");
  return (
    <div className="flex flex-wrap items-end gap-2">
      <FieldBox>
        <label htmlFor={id}>New branch</label>
        <Select id={id} value={chosen} onChange={(event) => setKey(event.target.value)}>
          {unused.map((k) => (
            <option key={k} value={k}>
              {branchLabel(k)}
            </option>
          ))}
        </Select>
      </FieldBox>
      <Button type="button" variant="secondary" className="self-end" onClick={() => onAdd(chosen)}>
        Add branch
      </Button>
    </div>
  );
}

/** Mailboxes a voicemail module takes messages in: any number of the account's. */
export function MailboxesField({ moduleKey }: { moduleKey: string }) {
  const { resources, reveal, newResource } = useEditor();
  const pick = useResourcePicking(["mailboxes"]);
  return (
    <Controller
      name="mailboxes"
      render={({ field }) => {
        const chosen: string[] = Array.isArray(field.value) ? field.value : [];
        return (
          <fieldset className="flex flex-col gap-3" onChange={() => reveal(moduleKey, "mailboxes")}>
            <legend>{MODULE_FIELD_TEXTS.voicemail.mailboxes.label}</legend>
            {resources.mailboxes.length === 0 && !newResource ? (
              <Message tone="muted">This account has no mailboxes yet.</Message>
            ) : null}
            {resources.mailboxes.map((option) => (
              <label key={option.id} className="inline-flex items-center gap-2 text-sm font-normal">
                <input
                  type="checkbox"
                  checked={chosen.includes(option.id)}
                  onChange={(event) =>
                    field.onChange(event.target.checked ? [...chosen, option.id] : chosen.filter((id) => id !== option.id))
                  }
                />
                {option.label}
              </label>
            ))}
            {newResource ? (
              <Button
                type="button"
                variant="secondary"
                onClick={() => pick(NEW_RESOURCE, (id) => field.onChange([...chosen, id]))}
              >
                {newResource.label}
              </Button>
            ) : null}
            <FieldProblems moduleKey={moduleKey} path="mailboxes" id={`${moduleKey}-mailboxes-problems`} />
          </fieldset>
        );
      }}
    />
  );
}
