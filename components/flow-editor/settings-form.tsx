"use client";

import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { TCallFlowSettings } from "@/server/domain/call-flow";
import type { FieldIssue } from "./editor-context";
import { SETTINGS_FIELD_TEXTS } from "./field-labels";
import type { FlowDocument } from "./flow-document";
import { Input } from "@/components/ui/input";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type Settings = Pick<FlowDocument, "name" | "extension" | "show_call_route_name" | "show_original_caller_id">;

/** The flow's own fields: name, extension and the two caller-ID options. `issues` are the ones
 * to show now; leaving a field calls `onReveal` with its name, which shows its own. */
export function SettingsForm({
  document,
  extensionRange,
  issues,
  onReveal,
  onChange,
}: {
  document: FlowDocument;
  extensionRange: { min: number; max: number };
  issues: FieldIssue[];
  onReveal: (field: keyof Settings) => void;
  onChange: (settings: Settings) => void;
}) {
  const form = useForm<TCallFlowSettings>({
    values: {
      name: document.name,
      extension: document.extension,
      show_call_route_name: document.show_call_route_name ?? false,
      show_original_caller_id: document.show_original_caller_id ?? false,
    },
  });
  useEffect(() => {
    const subscription = form.watch((values) =>
      onChange({
        name: values.name ?? "",
        extension: values.extension ?? Number.NaN,
        show_call_route_name: values.show_call_route_name ?? false,
        show_original_caller_id: values.show_original_caller_id ?? false,
      }),
    );
    return () => subscription.unsubscribe();
  }, [form, onChange]);
  const problem = (field: keyof Settings) => issues.find((issue) => issue.path === field)?.message;
  return (
    <form
      className="flex flex-wrap items-start gap-3 rounded-lg border border-border bg-surface p-4"
      aria-label="Call flow settings"
      onSubmit={(event) => event.preventDefault()}
    >
      <FieldBox>
        <label htmlFor="flow-name">{SETTINGS_FIELD_TEXTS.name.label}</label>
        <Input
          id="flow-name"
          aria-invalid={problem("name") ? true : undefined}
          aria-describedby="flow-name-error"
          {...form.register("name", { onBlur: () => onReveal("name") })}
        />
        {problem("name") ? (
          <Message id="flow-name-error" tone="error" data-testid="error-name">
            {problem("name")}
          </Message>
        ) : null}
      </FieldBox>
      <FieldBox>
        <label htmlFor="flow-extension">{SETTINGS_FIELD_TEXTS.extension.label}</label>
        <Input
          id="flow-extension"
          type="number"
          inputMode="numeric"
          min={extensionRange.min}
          max={extensionRange.max}
          aria-describedby="flow-extension-hint flow-extension-error"
          aria-invalid={problem("extension") ? true : undefined}
          {...form.register("extension", { valueAsNumber: true, onBlur: () => onReveal("extension") })}
        />
        <Hint id="flow-extension-hint">
          {extensionRange.min}–{extensionRange.max}
        </Hint>
        {problem("extension") ? (
          <Message id="flow-extension-error" tone="error" data-testid="error-extension">
            {problem("extension")}
          </Message>
        ) : null}
      </FieldBox>
      <label className="inline-flex items-center gap-2 text-sm font-normal">
        <input type="checkbox" {...form.register("show_call_route_name")} />
        {SETTINGS_FIELD_TEXTS.show_call_route_name.label}
      </label>
      <label className="inline-flex items-center gap-2 text-sm font-normal">
        <input type="checkbox" {...form.register("show_original_caller_id")} />
        {SETTINGS_FIELD_TEXTS.show_original_caller_id.label}
      </label>
    </form>
  );
}
