"use client";

import {
  FileSpreadsheet,
  Package,
  AudioLines,
  Building2,
  CalendarClock,
  ChartColumn,
  CircleUser,
  Hash,
  KeyRound,
  LayoutTemplate,
  type LucideIcon,
  Menu,
  PhoneCall,
  ScrollText,
  Store,
  Users,
  Webhook,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { ActingAccountProvider, useActingAccountName } from "./acting-account";
import { accountNavigation, isCurrent, type NavIcon, type NavItem } from "./navigation";

const ICONS: Record<NavIcon, LucideIcon> = {
  flows: Workflow,
  numbers: Hash,
  schedules: CalendarClock,
  sounds: AudioLines,
  extensions: PhoneCall,
  users: Users,
  "api-users": KeyRound,
  webhooks: Webhook,
  customers: Building2,
  resellers: Store,
  templates: LayoutTemplate,
  plans: Package,
  imports: FileSpreadsheet,
  audit: ScrollText,
  usage: ChartColumn,
  account: CircleUser,
};

type Viewer = { displayName: string; role: string; accountId: string; accountName: string };

/**
 * The signed-in portal's frame: a sidebar at 768 px and wider; below that, a top bar whose Menu
 * button opens the same sidebar as a sheet.
 */
export function AppShell({ items, viewer, children }: { items: NavItem[]; viewer: Viewer; children: ReactNode }) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  // Following a link closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input.
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <ActingAccountProvider>
      <div className="min-h-screen md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-3 bg-sidebar px-4 text-sidebar-fg md:hidden">
          <Brand />
          <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
            <DialogTrigger asChild>
              <Button variant="ghost" className="text-sidebar-fg hover:bg-sidebar-active">
                <Menu aria-hidden />
                Menu
              </Button>
            </DialogTrigger>
            <DialogContent title="Menu" side="left" className="bg-sidebar">
              <Sidebar items={items} viewer={viewer} />
            </DialogContent>
          </Dialog>
        </header>
        <aside className="hidden bg-sidebar md:block">
          <div className="sticky top-0 h-screen">
            <Sidebar items={items} viewer={viewer} />
          </div>
        </aside>
        <main className="mx-auto flex w-full max-w-6xl min-w-0 flex-col gap-5 px-4 py-5 sm:px-6 md:px-8 md:py-7">{children}</main>
      </div>
    </ActingAccountProvider>
  );
}

function Brand() {
  return (
    <span className="flex items-center gap-2 font-semibold">
      <Workflow className="size-5" aria-hidden />
      Call Flow Portal
    </span>
  );
}

function Sidebar({ items, viewer }: { items: NavItem[]; viewer: Viewer }) {
  const { accountId } = useParams<{ accountId?: string }>();
  const actingFor = accountId && accountId !== viewer.accountId ? accountId : undefined;
  const actingName = useActingAccountName(actingFor);
  return (
    <div className="flex h-full flex-col gap-5 overflow-y-auto bg-sidebar px-3 py-5 text-sidebar-fg">
      <div className="hidden px-2 md:block">
        <Brand />
      </div>
      <nav aria-label="Main">
        <NavList items={items} />
      </nav>
      {actingFor ? (
        <nav aria-label="Account" className="flex flex-col gap-1 border-t border-sidebar-active pt-4">
          <p className="px-2 text-xs tracking-wide text-sidebar-muted uppercase">Acting for</p>
          <p className="truncate px-2 pb-1 font-semibold">{actingName ?? "…"}</p>
          <NavList items={accountNavigation(actingFor)} />
        </nav>
      ) : null}
      <div
        className="mt-auto flex flex-col gap-2 border-t border-sidebar-active px-2 pt-4 text-sm text-sidebar-muted"
        data-testid="signed-in-as"
      >
        <span>
          {viewer.displayName} · {viewer.role}
        </span>
        <span>{viewer.accountName}</span>
        <SignOutButton className="justify-start border-sidebar-active bg-transparent px-2 text-sidebar-fg hover:bg-sidebar-active" />
      </div>
    </div>
  );
}

function NavList({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex list-none flex-col gap-0.5 p-0">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const current = isCurrent(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2 py-2 text-sm text-sidebar-fg no-underline hover:bg-sidebar-active",
                current && "bg-sidebar-active font-semibold",
              )}
            >
              <Icon className="size-4 shrink-0" aria-hidden />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
