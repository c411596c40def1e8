"use client";

import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";
import { Button } from "./button";
import { Dialog, DialogContent } from "./dialog";

export type ConfirmRequest = {
  title: string;
  /** What will happen, in a sentence or a short summary (a list of changes, for instance). */
  description?: ReactNode;
  /** The confirming button's words: say what it does ("Delete", "Publish"), never "OK". */
  confirmLabel: string;
  /** `danger` for what cannot be undone. */
  tone?: "primary" | "danger";
};

type Confirm = (request: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<Confirm | null>(null);

/**
 * Asks before a consequential action in the portal's own dialog (titled, focus-trapped, keyboard
 * friendly), where `window.confirm` would show the browser's bare box. `await confirm({…})` is
 * true when the person confirmed, false when they cancelled or closed the dialog.
 */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error("useConfirm needs a <ConfirmProvider> above it");
  return confirm;
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  const confirm = useCallback<Confirm>((next) => {
    settle.current?.(false);
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      settle.current = resolve;
    });
  }, []);

  function answer(confirmed: boolean) {
    settle.current?.(confirmed);
    settle.current = null;
    setRequest(null);
  }

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Dialog open={request !== null} onOpenChange={(open) => !open && answer(false)}>
        {request ? (
          <DialogContent title={request.title} role="alertdialog">
            {request.description ? <div className="text-sm text-muted">{request.description}</div> : null}
            <div className="mt-2 flex flex-wrap justify-end gap-2">
              <Button variant="secondary" onClick={() => answer(false)}>
                Cancel
              </Button>
              <Button variant={request.tone === "danger" ? "danger" : "primary"} onClick={() => answer(true)}>
                {request.confirmLabel}
              </Button>
            </div>
          </DialogContent>
        ) : null}
      </Dialog>
    </ConfirmContext.Provider>
  );
}
