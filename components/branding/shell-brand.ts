import type { EffectiveBrand } from "@/server/services/branding/branding";

/** What the portal's frame shows of a brand: a plain object, handed from server layouts to the client shell. */
export type ShellBrand = Pick<
  EffectiveBrand,
  "productName" | "logoUrl" | "supportEmail" | "supportUrl" | "hidePoweredBy" | "primaryColor" | "accentColor"
> & {
  /** The platform's own brand: nothing is "powered by" anything then. */
  isPlatform: boolean;
};

export function shellBrandOf(brand: EffectiveBrand): ShellBrand {
  return {
    productName: brand.productName,
    logoUrl: brand.logoUrl,
    supportEmail: brand.supportEmail,
    supportUrl: brand.supportUrl,
    hidePoweredBy: brand.hidePoweredBy,
    primaryColor: brand.primaryColor,
    accentColor: brand.accentColor,
    isPlatform: brand.ownerId === null,
  };
}
