import { useId, type ComponentProps, type ReactNode } from "react";
import type { FieldError } from "react-hook-form";

type FieldProps = ComponentProps<"input"> & {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
};

/** A labelled input whose error is announced and tied to it for assistive technology. */
export function Field({ label, name, error, hint, id, ...input }: FieldProps) {
  const generatedId = useId();
  const inputId = id ?? `${generatedId}-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {error?.message ? (
        <p id={errorId} className="field-error" data-testid={`error-${name}`}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="status" data-testid="form-error">
      {message}
    </p>
  );
}
