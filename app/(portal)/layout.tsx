import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { Providers } from "@/components/trpc";
import { navigationFor } from "@/server/auth/navigation";
import { requireActor } from "@/server/auth/require";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <Providers>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">Call Flow Portal</div>
          <nav aria-label="Main">
            <NavLinks items={navigationFor(actor)} />
          </nav>
          <div className="who" data-testid="signed-in-as">
            <span>
              {actor.displayName} · {actor.role}
            </span>
            <span>{actor.accountName}</span>
            <SignOutButton />
          </div>
        </aside>
        <main className="main">{children}</main>
      </div>
    </Providers>
  );
}
