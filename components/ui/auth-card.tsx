import type { ReactNode } from "react";
import { BrandStyle } from "@/components/branding/brand-style";
import type { ShellBrand } from "@/components/branding/shell-brand";
import { cardClass } from "./card";
import { cn } from "./cn";

/**
 * The pages before the portal (sign-in, setting a password): one card in the middle of the
 * screen, under the brand of the host they are served on (a reseller's custom domain).
 */
export function AuthCard({
  title,
  lead,
  brand,
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  brand?: ShellBrand;
  children: ReactNode;
}) {
  return (
    <main className="grid min-h-screen place-items-center px-4 py-8">
      {brand ? <BrandStyle colors={brand} /> : null}
      <div className={cn(cardClass, "w-full max-w-md gap-4 p-6 sm:p-8")}>
        {brand ? (
          <div className="-mx-6 -mt-6 flex items-center gap-3 rounded-t-lg bg-sidebar px-6 py-4 text-sidebar-fg sm:-mx-8 sm:-mt-8 sm:px-8">
            {brand.logoUrl ? (
              // biome-ignore lint/performance/noImgElement: a small uploaded image (PNG, WebP or SVG) served as it is; Next's optimiser cannot read SVG.
              <img src={brand.logoUrl} alt={`${brand.productName} logo`} className="h-9 max-w-32 object-contain" />
            ) : null}
            <span className="text-lg font-semibold" data-testid="auth-brand">
              {brand.productName}
            </span>
          </div>
        ) : null}
        <div className="flex flex-col gap-1">
          <h1>{title}</h1>
          {lead ? <p className="text-sm text-muted">{lead}</p> : null}
        </div>
        {children}
        {brand && (brand.supportEmail || brand.supportUrl) ? (
          <p className="flex flex-wrap gap-x-3 text-sm text-muted">
            {brand.supportEmail ? <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a> : null}
            {brand.supportUrl ? <a href={brand.supportUrl}>Help centre</a> : null}
          </p>
        ) : null}
        {brand && !brand.isPlatform && !brand.hidePoweredBy ? (
          <p className="text-xs text-muted">Powered by Call Flow Portal</p>
        ) : null}
      </div>
    </main>
  );
}
