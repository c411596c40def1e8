"use client";

import { useEffect, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import { MODULE_FORMS } from "./module-forms";
import { Button } from "@/components/ui/button";
import { Hint } from "@/components/ui/field";

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
  const Fields = MODULE_FORMS[type];
  return (
    <FormProvider {...form}>
      <form
        className="flex flex-col gap-3"
        aria-label={`${MODULE_REGISTRY[type].label} module`}
        data-module-key={moduleKey}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2 [&_h3]:m-0">
          <h3>{name}</h3>
          <CopyModuleId moduleKey={moduleKey} />
        </div>
        <Hint>{MODULE_REGISTRY[type].help}</Hint>
        <Fields moduleKey={moduleKey} />
        {onDelete ? (
          <Button type="button" variant="danger" onClick={onDelete}>
            Delete this module
          </Button>
        ) : null}
      </form>
    </FormProvider>
  );
}

/** The module's id is only for people who work with the JSON or the API: copied, never shown. */
function CopyModuleId({ moduleKey }: { moduleKey: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="link"
      onClick={() =>
        void navigator.clipboard.writeText(moduleKey).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? "Module id copied" : "Copy module id"}
    </Button>
  );
}
