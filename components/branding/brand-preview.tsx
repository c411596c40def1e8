import type { CSSProperties } from "react";
import { Workflow } from "lucide-react";
import { brandTokens } from "./brand-tokens";

type PreviewBrand = {
  productName: string;
  primaryColor: string;
  accentColor: string;
  signInMessage: string;
  logoUrl: string | null;
};

/**
 * The sign-in page and the portal's header as the brand being edited would make them, before it
 * is saved. The preview's own box carries the edited colours as the design tokens (a computed
 * style: the values change as the person types), so its children use the portal's own classes.
 */
export function BrandPreview({ brand }: { brand: PreviewBrand }) {
  const tokens = brandTokens(brand) as CSSProperties;
  const name = brand.productName || "Your product";
  const logo = brand.logoUrl ? (
    // biome-ignore lint/performance/noImgElement: the uploaded logo as it is served; Next's optimiser cannot read SVG.
    <img src={brand.logoUrl} alt={`${name} logo`} className="h-6 max-w-20 object-contain" />
  ) : (
    <Workflow className="size-5" aria-hidden />
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2" style={tokens} data-testid="brand-preview">
      <figure className="flex flex-col gap-2">
        <figcaption className="text-sm font-semibold">Sign-in page</figcaption>
        <div className="flex flex-col gap-3 overflow-hidden rounded-lg border border-border bg-canvas p-4">
          <div className="overflow-hidden rounded-lg border border-border bg-surface">
            <div className="flex items-center gap-2 bg-sidebar px-4 py-3 font-semibold text-sidebar-fg">
              {logo}
              <span className="truncate" data-testid="preview-product-name">
                {name}
              </span>
            </div>
            <div className="flex flex-col gap-2 p-4">
              <p className="text-base font-semibold">Sign in</p>
              <p className="text-sm text-muted">{brand.signInMessage || `Sign in to ${name} to manage call flows.`}</p>
              <div className="h-8 rounded-md border border-border" aria-hidden />
              <div className="h-8 rounded-md border border-border" aria-hidden />
              <span className="w-fit rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg">Sign in</span>
            </div>
          </div>
        </div>
      </figure>
      <figure className="flex flex-col gap-2">
        <figcaption className="text-sm font-semibold">Portal header</figcaption>
        <div className="flex flex-col overflow-hidden rounded-lg border border-border">
          <div className="flex items-center justify-between gap-2 bg-sidebar px-4 py-3 font-semibold text-sidebar-fg">
            <span className="flex min-w-0 items-center gap-2">
              {logo}
              <span className="truncate">{name}</span>
            </span>
            <span className="rounded-md bg-sidebar-active px-2 py-1 text-sm font-normal">Call flows</span>
          </div>
          <div className="flex flex-col gap-2 bg-canvas p-4 text-sm">
            <span className="underline text-accent">A link in the portal</span>
            <span className="w-fit rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg">A button</span>
          </div>
        </div>
      </figure>
    </div>
  );
}
