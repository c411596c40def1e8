"use client";

import {
  ChartLine,
  PhoneIncoming,
  FileSpreadsheet,
  Package,
  AudioLines,
  Building2,
  CalendarClock,
  ChartColumn,
  CircleUser,
  Hash,
  House,
  KeyRound,
  LifeBuoy,
  Palette,
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
import { type ReactNode, useState } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import type { ShellBrand } from "@/components/branding/shell-brand";
import { ActingAccountProvider, useActingAccount, useActingBrand } from "./acting-account";
import { accountNavigation, isCurrent, type NavIcon, type NavItem } from "./navigation";

const ICONS: Record<NavIcon, LucideIcon> = {
  home: House,
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
  calls: PhoneIncoming,
  overview: ChartLine,
  account: CircleUser,
  branding: Palette,
};

type Viewer = { displayName: string; role: string; accountId: string; accountName: string };

/**
 * The signed-in portal's frame: a sidebar at 768 px and wider; below that, a top bar whose Menu
 * button opens the same sidebar as a sheet.
 */
export function AppShell({
  items,
  viewer,
  brand,
  children,
}: {
  items: NavItem[];
  viewer: Viewer;
  /** The signed-in user's own brand; pages acting for another account show that account's instead. */
  brand: ShellBrand;
  children: ReactNode;
}) {
  return (
    <ActingAccountProvider>
      <Frame items={items} viewer={viewer} ownBrand={brand}>
        {children}
      </Frame>
    </ActingAccountProvider>
  );
}

function Frame({
  items,
  viewer,
  ownBrand,
  children,
}: {
  items: NavItem[];
  viewer: Viewer;
  ownBrand: ShellBrand;
  children: ReactNode;
}) {
  const brand = useActingBrand() ?? ownBrand;
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <header
        className="sticky top-0 z-30 flex h-14 items-center justify-between gap-3 bg-sidebar px-4 text-sidebar-fg md:hidden"
        data-testid="portal-header"
      >
        <Brand brand={brand} />
        <div className="flex items-center gap-1">
          <SupportLink brand={brand} className="text-sidebar-fg" />
          <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
            <DialogTrigger asChild>
              <Button variant="ghost" className="text-sidebar-fg hover:bg-sidebar-active">
                <Menu aria-hidden />
                Menu
              </Button>
            </DialogTrigger>
            <DialogContent
              title="Menu"
              side="left"
              className="bg-sidebar"
              // Following a link closes the menu, the current page's own link included.
              onClickCapture={(event) => {
                if ((event.target as HTMLElement).closest("a")) setMenuOpen(false);
              }}
            >
              <Sidebar items={items} viewer={viewer} brand={brand} />
            </DialogContent>
          </Dialog>
        </div>
      </header>
      <aside className="hidden bg-sidebar md:block">
        <div className="sticky top-0 h-screen overflow-y-auto">
          <Sidebar items={items} viewer={viewer} brand={brand} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-col [&:has([data-wide-page])>footer]:hidden">
        {/* A page marked data-wide-page (the flow editor) uses the whole width beside the sidebar, and the
            whole height: the brand footer would push the page past the window. */}
        <main className="mx-auto flex w-full max-w-6xl min-w-0 flex-col gap-5 px-4 py-5 sm:px-6 md:px-8 md:py-7 has-[[data-wide-page]]:max-w-none md:has-[[data-wide-page]]:px-4">
          {children}
        </main>
        <BrandFooter brand={brand} />
      </div>
    </div>
  );
}

/** The product's logo and name, as the brand has them (the platform's icon and name without a brand). */
export function Brand({ brand }: { brand: ShellBrand }) {
  return (
    <span className="flex min-w-0 items-center gap-2 font-semibold" data-testid="brand">
      {brand.logoUrl ? (
        // biome-ignore lint/performance/noImgElement: a small uploaded image (PNG, WebP or SVG) served as it is; Next's optimiser cannot read SVG.
        <img src={brand.logoUrl} alt={`${brand.productName} logo`} className="h-7 max-w-24 shrink-0 object-contain" />
      ) : (
        <Workflow className="size-5 shrink-0" aria-hidden />
      )}
      <span className="truncate">{brand.productName}</span>
    </span>
  );
}

/** Where a customer gets help: the brand's support site, else its support address. */
function SupportLink({ brand, className }: { brand: ShellBrand; className?: string }) {
  const href = brand.supportUrl || (brand.supportEmail ? `mailto:${brand.supportEmail}` : null);
  if (!href) return null;
  return (
    <a
      href={href}
      className={cn("flex items-center gap-1.5 rounded-md px-2 py-2 text-sm no-underline hover:bg-sidebar-active", className)}
    >
      <LifeBuoy className="size-4 shrink-0" aria-hidden />
      Help
    </a>
  );
}

function BrandFooter({ brand }: { brand: ShellBrand }) {
  const poweredBy = !brand.isPlatform && !brand.hidePoweredBy;
  if (!brand.supportEmail && !brand.supportUrl && !poweredBy) return null;
  return (
    <footer
      className="mx-auto flex w-full max-w-6xl flex-wrap gap-x-4 gap-y-1 border-t border-border px-4 py-4 text-sm text-muted sm:px-6 md:px-8"
      data-testid="brand-footer"
    >
      {brand.supportEmail ? (
        <span>
          Support: <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>
        </span>
      ) : null}
      {brand.supportUrl ? <a href={brand.supportUrl}>Help centre</a> : null}
      {poweredBy ? <span className="sm:ml-auto">Powered by Call Flow Portal</span> : null}
    </footer>
  );
}

function Sidebar({ items, viewer, brand }: { items: NavItem[]; viewer: Viewer; brand: ShellBrand }) {
  const { accountId } = useParams<{ accountId?: string }>();
  const actingFor = accountId && accountId !== viewer.accountId ? accountId : undefined;
  const acting = useActingAccount(actingFor);
  return (
    <div className="flex h-full flex-col gap-5 overflow-y-auto bg-sidebar px-3 py-5 text-sidebar-fg">
      <div className="hidden flex-col gap-1 px-2 md:flex" data-testid="portal-header-desktop">
        <Brand brand={brand} />
        <SupportLink brand={brand} className="-mx-2 text-sidebar-fg" />
      </div>
      <nav aria-label="Main">
        <NavList items={items} />
      </nav>
      {actingFor ? (
        <nav aria-label="Account" className="flex flex-col gap-1 border-t border-sidebar-active pt-4">
          <p className="px-2 text-xs tracking-wide text-sidebar-muted uppercase">Acting for</p>
          <p className="truncate px-2 pb-1 font-semibold">{acting?.name ?? "…"}</p>
          <NavList items={accountNavigation(actingFor, acting?.kind)} />
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
        const current = isCurrent(pathname, item);
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
