"use client";

import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/** Where passing confirmations appear (bottom right), announced politely. */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!rounded-lg !border !border-border !bg-surface !text-fg !shadow-lg",
          description: "!text-muted",
          error: "!text-danger",
          success: "!text-ok",
        },
      }}
    />
  );
}
