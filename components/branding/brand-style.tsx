import { type BrandColors, brandCss } from "./brand-tokens";

/**
 * The brand's colours for the whole page: a <style> element overriding the design tokens. A later
 * one wins (an account acted for, below the signed-in user's own brand). Its text is built only
 * from colours checked to be #rrggbb, so nothing else can be written into the stylesheet.
 */
export function BrandStyle({ colors }: { colors: BrandColors }) {
  return <style>{brandCss(":root", colors)}</style>;
}
