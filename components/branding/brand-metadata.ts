import type { Metadata } from "next";
import type { EffectiveBrand } from "@/server/services/branding/branding";

/** A page's title and icon in a brand: its product name after the page's title, its favicon. */
export function brandMetadata(brand: EffectiveBrand): Metadata {
  return {
    title: { default: brand.productName, template: `%s · ${brand.productName}` },
    icons: { icon: brand.faviconUrl ?? "/icon.svg" },
  };
}
