import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { navigationFor } from "@/components/shell/navigation";
import { Providers } from "@/components/trpc";
import { ConfirmProvider } from "@/components/ui/confirm";
import { Toaster } from "@/components/ui/toaster";
import { requireActor } from "@/server/auth/require";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <Providers>
      <ConfirmProvider>
        <AppShell
          items={navigationFor(actor)}
          viewer={{
            displayName: actor.displayName,
            role: actor.role,
            accountId: actor.accountId,
            accountName: actor.accountName,
          }}
        >
          {children}
        </AppShell>
      </ConfirmProvider>
      <Toaster />
    </Providers>
  );
}
