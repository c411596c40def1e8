import type { ReactNode } from "react";
import { cardClass } from "./card";
import { cn } from "./cn";

/** The pages before the portal (sign-in, setting a password): one card in the middle of the screen. */
export function AuthCard({ title, lead, children }: { title: ReactNode; lead?: ReactNode; children: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center px-4 py-8">
      <div className={cn(cardClass, "w-full max-w-md gap-4 p-6 sm:p-8")}>
        <div className="flex flex-col gap-1">
          <h1>{title}</h1>
          {lead ? <p className="text-sm text-muted">{lead}</p> : null}
        </div>
        {children}
      </div>
    </main>
  );
}
