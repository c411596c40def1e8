import { contrastRatio, darken, isHexColor, MIN_CONTRAST_RATIO, PLATFORM_BRAND, tint } from "@/server/domain/brand";

// ─── A BRAND CHANGES THE DESIGN TOKENS AND NOTHING ELSE ─── app/globals.css defines the portal's
// colours as CSS variables; a brand's two colours become the variables derived here, set by a
// <style> element (BrandStyle) or, in the Branding page's live preview, on the preview's own box.
// No script is involved, so the nonce-based script CSP is untouched.

export type BrandColors = { primaryColor: string; accentColor: string };

/** The platform's sidebar shades, kept as they are when the brand is the platform's own colour. */
const PLATFORM_SIDEBAR = { active: "#2a3d5e", muted: "#b8c4d6" };
const SIDEBAR_TEXT = "#e8eef7";

/** The CSS variables of a brand's colours. A colour not written #rrggbb (never stored) falls back to the platform's. */
export function brandTokens({ primaryColor, accentColor }: BrandColors): Record<string, string> {
  const primary = isHexColor(primaryColor) ? primaryColor : PLATFORM_BRAND.primaryColor;
  const accent = isHexColor(accentColor) ? accentColor : PLATFORM_BRAND.accentColor;
  const platformSidebar = primary === PLATFORM_BRAND.primaryColor;
  // The sidebar's softer text keeps AA contrast on the sidebar, or becomes white.
  const readable = (color: string) => (contrastRatio(color, primary) >= MIN_CONTRAST_RATIO ? color : "#ffffff");
  return {
    "--color-sidebar": primary,
    // The highlighted item is darker than the sidebar: its white text only gains contrast.
    "--color-sidebar-active": platformSidebar ? PLATFORM_SIDEBAR.active : darken(primary, 0.8),
    "--color-sidebar-fg": readable(SIDEBAR_TEXT),
    "--color-sidebar-muted": platformSidebar ? PLATFORM_SIDEBAR.muted : readable(SIDEBAR_TEXT),
    "--color-accent": accent,
    "--color-accent-hover": darken(accent),
    "--color-accent-soft": tint(accent, 0.92),
  };
}

/** The tokens as one CSS rule for `selector`. */
export function brandCss(selector: string, colors: BrandColors): string {
  const declarations = Object.entries(brandTokens(colors))
    .map(([name, value]) => `${name}:${value}`)
    .join(";");
  return `${selector}{${declarations}}`;
}
