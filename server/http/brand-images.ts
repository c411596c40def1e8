import { isUuid } from "@/server/auth/scope";
import { brandImage } from "@/server/services/branding/branding";
import { BRAND_IMAGE_SLOTS, type BrandImageSlot } from "@/server/services/branding/schemas";

// A brand's logo and favicon, for anyone: the sign-in page shows them before anyone signs in, and
// mails link to them. The URL carries the brand's version (?v=), so an answer may be kept a day;
// a changed image has a new URL.

/** An SVG opened on its own is a document: it may draw with its own inline styles and nothing more. */
const IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox";

function isSlot(value: string): value is BrandImageSlot {
  return (BRAND_IMAGE_SLOTS as readonly string[]).includes(value);
}

export async function brandImageResponse(ownerId: string, slot: string): Promise<Response> {
  const image = isUuid(ownerId) && isSlot(slot) ? await brandImage(ownerId, slot) : null;
  if (!image) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.type,
      "Content-Security-Policy": IMAGE_POLICY,
      "Cache-Control": "public, max-age=86400",
    },
  });
}
