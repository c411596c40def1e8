"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { XIcon } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

type DialogContentProps = ComponentProps<typeof DialogPrimitive.Content> & {
  title: ReactNode;
  description?: ReactNode;
  /** `center`: a dialog in the middle; `left`: a sheet sliding from the left edge (the phone menu). */
  side?: "center" | "left";
};

/** A modal with its title (and description) named for assistive technology and a Close button. */
export function DialogContent({ title, description, side = "center", className, children, ...props }: DialogContentProps) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-fg/40" />
      <DialogPrimitive.Content
        className={cn(
          "fixed z-50 flex flex-col gap-3 bg-surface text-fg shadow-xl outline-none",
          side === "center" &&
            "top-1/2 left-1/2 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-border p-5",
          side === "left" && "inset-y-0 left-0 w-72 max-w-[85vw] overflow-y-auto",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
        {...props}
      >
        <div className={cn("flex items-start justify-between gap-3", side === "left" && "sr-only")}>
          <DialogPrimitive.Title className="text-lg font-semibold">{title}</DialogPrimitive.Title>
          <DialogPrimitive.Close className="rounded-md p-1 text-muted hover:bg-subtle hover:text-fg" aria-label="Close">
            <XIcon className="size-4" aria-hidden />
          </DialogPrimitive.Close>
        </div>
        {description ? (
          <DialogPrimitive.Description className="text-sm text-muted">{description}</DialogPrimitive.Description>
        ) : null}
        {children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}
