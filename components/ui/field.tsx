import { type ComponentProps, type ReactNode, useId } from "react";
import type { FieldError } from "react-hook-form";
import { cn } from "./cn";
import { Input } from "./input";

/** A control's label above it, its hint and its error below: what every form field shares. */
export function FieldBox({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex w-full min-w-0 flex-col gap-1 sm:w-auto sm:min-w-48", className)} {...props} />;
}

export function Hint({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("text-xs text-muted", className)} {...props} />;
}

type FieldProps = ComponentProps<"input"> & {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
};

/** A labelled input whose error is announced and tied to it for assistive technology. */
export function Field({ label, name, error, hint, id, className, ...input }: FieldProps) {
  const generatedId = useId();
  const inputId = id ?? `${generatedId}-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  return (
    <FieldBox className={className}>
      <label htmlFor={inputId}>{label}</label>
      <Input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error?.message ? (
        <p id={errorId} className="text-sm text-danger" data-testid={`error-${name}`}>
          {error.message}
        </p>
      ) : null}
    </FieldBox>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Message tone="error" role="status" data-testid="form-error">
      {message}
    </Message>
  );
}

type MessageProps = ComponentProps<"p"> & { tone: "ok" | "error" | "warning" | "muted" };

const tones = { ok: "text-ok", error: "text-danger", warning: "text-warning", muted: "text-muted" } as const;

/** A line of feedback: done (ok), refused (error), worth knowing (warning), or nothing to show (muted). */
export function Message({ tone, className, ...props }: MessageProps) {
  return <p className={cn("text-sm", tones[tone], className)} {...props} />;
}
