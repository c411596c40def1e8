// A reseller's brand, the parts that need no I/O: colours and their contrast, what an uploaded
// image really is, and the invitation text's placeholders. The services (server/services/branding)
// store and serve what passes here.

/** The portal's own brand: what the platform, and every account without a reseller brand, shows. */
export const PLATFORM_BRAND = {
  productName: "Call Flow Portal",
  primaryColor: "#15233a",
  accentColor: "#1f5fbf",
} as const;

export const MAX_PRODUCT_NAME_LENGTH = 40;
export const MAX_BRAND_IMAGE_BYTES = 256 * 1024;

/** Text on brand colours is white: the header's names and links, the buttons' labels. */
export const TEXT_ON_BRAND_COLOR = "#ffffff";
/** WCAG 2 AA for normal text. */
export const MIN_CONTRAST_RATIO = 4.5;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value);
}

/** WCAG 2's relative luminance of an sRGB colour written #rrggbb. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2's contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Why white text on `color` is unreadable, or null when it reaches WCAG AA. The ratio is rounded
 * down, so a colour shown as 4.5:1 is never one that was refused.
 */
export function contrastProblem(label: string, color: string): string | null {
  const ratio = contrastRatio(color, TEXT_ON_BRAND_COLOR);
  if (ratio >= MIN_CONTRAST_RATIO) return null;
  const measured = (Math.floor(ratio * 100) / 100).toFixed(2);
  return `${label} ${color} gives white text a contrast of ${measured}:1; WCAG AA needs at least ${MIN_CONTRAST_RATIO}:1. Choose a darker colour`;
}

/** A colour's darker shade for hover states: each channel scaled by `factor`. */
export function darken(hex: string, factor = 0.8): string {
  const channel = (offset: number) =>
    Math.round(Number.parseInt(hex.slice(offset, offset + 2), 16) * factor)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** A colour mixed with white: a soft background of the same hue. */
export function tint(hex: string, whiteShare = 0.9): string {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16);
    return Math.round(value + (255 - value) * whiteShare)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

export type BrandImageType = "image/png" | "image/webp" | "image/svg+xml";

export const BRAND_IMAGE_TYPES_TEXT = "PNG, WebP or SVG";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * What an uploaded image is, read from its bytes (never from its name or declared type): PNG and
 * WebP by their signatures, SVG by an `<svg` element near the start of UTF-8 text. Null otherwise.
 */
export function sniffBrandImage(bytes: Uint8Array): BrandImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 4096));
  } catch {
    return null;
  }
  // An XML declaration, a doctype or comments may come first; the root must be <svg.
  return /^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text) ? "image/svg+xml" : null;
}

export const INVITATION_PLACEHOLDERS = ["name", "link", "product"] as const;
export type InvitationValues = Record<(typeof INVITATION_PLACEHOLDERS)[number], string>;

/** `{{name}}`, `{{link}}` and `{{product}}` replaced by their values; anything else stays as written. */
export function fillPlaceholders(template: string, values: InvitationValues): string {
  return template.replace(/\{\{\s*(name|link|product)\s*\}\}/g, (_match, key: keyof InvitationValues) => values[key]);
}

/** The placeholders a template uses that do not exist, e.g. `{{nmae}}`. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((match) => match[1] ?? "")
    .filter((key) => !(INVITATION_PLACEHOLDERS as readonly string[]).includes(key));
}

/** A hostname as stored: lower-case, no trailing dot, no port. Null when it cannot be one. */
export function normalizeHostname(value: string): string | null {
  const host = value.trim().toLowerCase().replace(/\.$/, "");
  if (host.length > 253) return null;
  const labels = host.split(".");
  if (labels.length < 2) return null;
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  return labels.every((part) => label.test(part)) && !/^\d+$/.test(labels.at(-1)!) ? host : null;
}

/** The host a request's Host header names, without its port; null for what cannot be a hostname. */
export function hostOfHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  const withoutPort = header.trim().replace(/:\d+$/, "");
  return normalizeHostname(withoutPort);
}

/** The DNS name whose TXT record proves control of a hostname. */
export function verificationRecordName(hostname: string): string {
  return `_portal-verify.${hostname}`;
}
