import { z } from "zod";
import {
  getBranding,
  previewInvitation,
  removeBrandImage,
  resetBranding,
  updateBranding,
  uploadBrandImage,
} from "@/server/services/branding/branding";
import {
  addCustomDomain,
  approveCustomDomain,
  listCustomDomains,
  removeCustomDomain,
  verifyCustomDomain,
} from "@/server/services/branding/custom-domains";
import {
  ZAddCustomDomainInput,
  ZBrandImageRef,
  ZBrandingAccountInput,
  ZCustomDomainRef,
  ZInvitationPreviewInput,
  ZUpdateBrandingInput,
  ZUploadBrandImageInput,
} from "@/server/services/branding/schemas";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// A reseller's brand and custom domains, for the Branding page. The services resolve the account
// within the actor's reach (another tenant's is NOT_FOUND) and refuse accounts that hold no brand.

const ZBrand = z.object({
  ownerId: z.string().nullable(),
  productName: z.string(),
  primaryColor: z.string(),
  accentColor: z.string(),
  supportEmail: z.string(),
  supportUrl: z.string(),
  signInMessage: z.string(),
  hidePoweredBy: z.boolean(),
  invitationSubject: z.string(),
  invitationText: z.string(),
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().nullable(),
});

const ZBrandingOutput = z.object({
  brand: ZBrand,
  inherited: z.boolean(),
  editable: z.boolean(),
  account: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
});

const ZCustomDomainOutput = z.object({
  id: z.string(),
  hostname: z.string(),
  token: z.string(),
  recordName: z.string(),
  active: z.boolean(),
  activatedBy: z.string().nullable(),
  activatedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const brandingRouter = router({
  get: signedInProcedure
    .input(ZBrandingAccountInput)
    .output(ZBrandingOutput)
    .query(({ ctx, input }) => getBranding(ctx.request, input)),
  update: signedInProcedure
    .input(ZUpdateBrandingInput)
    .output(ZBrandingOutput)
    .mutation(({ ctx, input }) => updateBranding(ctx.request, input)),
  reset: signedInProcedure
    .input(ZBrandingAccountInput)
    .output(ZBrandingOutput)
    .mutation(({ ctx, input }) => resetBranding(ctx.request, input)),
  uploadImage: signedInProcedure
    .input(ZUploadBrandImageInput)
    .output(ZBrandingOutput)
    .mutation(({ ctx, input: { base64, ...ref } }) =>
      uploadBrandImage(ctx.request, { ...ref, bytes: new Uint8Array(Buffer.from(base64, "base64")) }),
    ),
  removeImage: signedInProcedure
    .input(ZBrandImageRef)
    .output(ZBrandingOutput)
    .mutation(({ ctx, input }) => removeBrandImage(ctx.request, input)),
  previewInvitation: signedInProcedure
    .input(ZInvitationPreviewInput)
    .output(z.object({ subject: z.string(), text: z.string(), html: z.string(), fromName: z.string() }))
    .query(({ ctx, input }) => previewInvitation(ctx.request, input)),
  domains: router({
    list: signedInProcedure
      .input(ZBrandingAccountInput)
      .output(z.array(ZCustomDomainOutput))
      .query(({ ctx, input }) => listCustomDomains(ctx.request, input)),
    add: signedInProcedure
      .input(ZAddCustomDomainInput)
      .output(ZCustomDomainOutput)
      .mutation(({ ctx, input }) => addCustomDomain(ctx.request, input)),
    remove: signedInProcedure
      .input(ZCustomDomainRef)
      .output(z.object({ id: z.string() }))
      .mutation(async ({ ctx, input }) => {
        await removeCustomDomain(ctx.request, input);
        return { id: input.id };
      }),
    verify: signedInProcedure
      .input(ZCustomDomainRef)
      .output(ZCustomDomainOutput)
      .mutation(({ ctx, input }) => verifyCustomDomain(ctx.request, input)),
    approve: signedInProcedure
      .input(ZCustomDomainRef)
      .output(ZCustomDomainOutput)
      .mutation(({ ctx, input }) => approveCustomDomain(ctx.request, input)),
  }),
});
