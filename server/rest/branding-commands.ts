import type { BrandingOfAccount } from "@/server/services/branding/branding";
import { getBranding, removeBrandImage, updateBranding, uploadBrandImage } from "@/server/services/branding/branding";
import { type BrandImageSlot, type TBrandFields, ZBrandFields } from "@/server/services/branding/schemas";
import { BRAND_API_NAMES, BRAND_READ_ONLY_FIELDS, ZBrandImageUpload } from "./api-schemas";
import { readLimited } from "./body";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody, type StreamedBody } from "./input";

// The brand of the account acted for, on top of the branding services (which scope, check the
// colours' contrast, make SVGs safe and audit); these only translate to and from the API's JSON.

/** PUT replaces the brand whole; a brand read with GET can be sent back as it is. */
export const BRAND_BODY = restBody({
  what: "brand",
  name: "BrandDocument",
  schema: ZBrandFields,
  apiNames: BRAND_API_NAMES,
  readOnly: BRAND_READ_ONLY_FIELDS,
});

/** The image is the body itself, read here under the body limit (which is the image's limit too). */
export const BRAND_IMAGE_UPLOAD: StreamedBody = { mediaType: "image/*", documented: ZBrandImageUpload };

function toApiBrand({ brand, inherited }: BrandingOfAccount) {
  return {
    product_name: brand.productName,
    primary_color: brand.primaryColor,
    accent_color: brand.accentColor,
    support_email: brand.supportEmail,
    support_url: brand.supportUrl,
    sign_in_message: brand.signInMessage,
    hide_powered_by: brand.hidePoweredBy,
    invitation_subject: brand.invitationSubject,
    invitation_text: brand.invitationText,
    logo_url: brand.logoUrl,
    favicon_url: brand.faviconUrl,
    inherited,
  };
}

export async function getBrandingCommand({ ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: toApiBrand(await getBranding(ctx, { accountId })) };
}

export async function replaceBrandingCommand({ ctx, accountId, body }: BodyCall<TBrandFields>): Promise<VoipOutcome> {
  return { status: 200, result: toApiBrand(await updateBranding(ctx, { accountId, fields: body })) };
}

export function uploadBrandImageCommand(slot: BrandImageSlot) {
  return async ({ request, ctx, accountId }: VoipCall): Promise<VoipOutcome> => {
    const bytes = await readLimited(request);
    return { status: 200, result: toApiBrand(await uploadBrandImage(ctx, { accountId, slot, bytes })) };
  };
}

export function removeBrandImageCommand(slot: BrandImageSlot) {
  return async ({ ctx, accountId }: VoipCall): Promise<VoipOutcome> => {
    await removeBrandImage(ctx, { accountId, slot });
    return { status: 204 };
  };
}
