import type { Metadata } from "next";
import type { ReactNode } from "react";
import { brandMetadata } from "@/components/branding/brand-metadata";
import { BrandStyle } from "@/components/branding/brand-style";
import { shellBrandOf } from "@/components/branding/shell-brand";
import { AppShell } from "@/components/shell/app-shell";
import { navigationFor } from "@/components/shell/navigation";
import { Providers } from "@/components/trpc";
import { ConfirmProvider } from "@/components/ui/confirm";
import { Toaster } from "@/components/ui/toaster";
import { requireActor } from "@/server/auth/require";
import { currentActor } from "@/server/auth/session";
import { brandForPath, PLATFORM_EFFECTIVE_BRAND } from "@/server/services/branding/branding";

export async function generateMetadata(): Promise<Metadata> {
  const actor = await currentActor();
  return brandMetadata(actor ? await brandForPath(actor.accountPath) : PLATFORM_EFFECTIVE_BRAND);
}

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // Everyone sees the brand of their own account's reseller; pages acting for another account
  // show that one's (app/(portal)/accounts/[accountId]/layout.tsx).
  const brand = await brandForPath(actor.accountPath);
  return (
    <Providers>
      <BrandStyle colors={brand} />
      <ConfirmProvider>
        <AppShell
          items={navigationFor(actor)}
          viewer={{
            displayName: actor.displayName,
            role: actor.role,
            accountId: actor.accountId,
            accountName: actor.accountName,
          }}
          brand={shellBrandOf(brand)}
        >
          {children}
        </AppShell>
      </ConfirmProvider>
      <Toaster />
    </Providers>
  );
}
