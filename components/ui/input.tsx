import type { ComponentProps } from "react";
import { cn } from "./cn";

/** The look every text-like control shares. */
const control =
  "w-full min-w-0 rounded-md border border-border bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-muted disabled:bg-subtle disabled:text-muted aria-[invalid=true]:border-danger";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(control, "h-9", className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(control, "h-9 pr-7", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(control, "font-mono text-xs leading-relaxed", className)} {...props} />;
}
