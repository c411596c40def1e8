import { z } from "zod";
import {
  contrastProblem,
  isHexColor,
  MAX_PRODUCT_NAME_LENGTH,
  normalizeHostname,
  PLATFORM_BRAND,
  unknownPlaceholders,
} from "@/server/domain/brand";

// One definition per input: the Branding page's form, tRPC and the REST API's PUT /voip/branding
// parse the same schemas, so a colour refused in one is refused in all, with the same message.

/** How the form labels each field: messages name fields so. */
export const BRAND_FIELD_LABELS = {
  productName: "Product name",
  primaryColor: "Primary colour",
  accentColor: "Accent colour",
  supportEmail: "Support email",
  supportUrl: "Support website",
  signInMessage: "Sign-in message",
  hidePoweredBy: "Hide “Powered by”",
  invitationSubject: "Invitation subject",
  invitationText: "Invitation text",
} as const;

const color = (label: string, fallback: string) =>
  z
    .string(`${label} must be a colour such as #1f5fbf`)
    .trim()
    .refine(isHexColor, `${label} must be a colour written #rrggbb, such as #1f5fbf`)
    .transform((value) => value.toLowerCase())
    .default(fallback);

const optionalText = (label: string, max: number) =>
  z.string(`${label} must be text`).trim().max(max, `${label} must be at most ${max} characters`).default("");

function isWebAddress(value: string): boolean {
  if (value === "") return true;
  try {
    return ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const ZBrandFields = z
  .object({
    productName: z
      .string(`${BRAND_FIELD_LABELS.productName} must be text`)
      .trim()
      .min(1, "Enter the product name your customers see")
      .max(MAX_PRODUCT_NAME_LENGTH, `${BRAND_FIELD_LABELS.productName} must be at most ${MAX_PRODUCT_NAME_LENGTH} characters`),
    primaryColor: color(BRAND_FIELD_LABELS.primaryColor, PLATFORM_BRAND.primaryColor),
    accentColor: color(BRAND_FIELD_LABELS.accentColor, PLATFORM_BRAND.accentColor),
    supportEmail: optionalText(BRAND_FIELD_LABELS.supportEmail, 254).refine(
      (value) => value === "" || z.email().safeParse(value).success,
      `${BRAND_FIELD_LABELS.supportEmail} must be an email address such as help@example.com`,
    ),
    supportUrl: optionalText(BRAND_FIELD_LABELS.supportUrl, 500).refine(
      isWebAddress,
      `${BRAND_FIELD_LABELS.supportUrl} must be an address starting with https:// or http://`,
    ),
    signInMessage: optionalText(BRAND_FIELD_LABELS.signInMessage, 300),
    hidePoweredBy: z.boolean(`${BRAND_FIELD_LABELS.hidePoweredBy} must be true or false`).default(false),
    invitationSubject: optionalText(BRAND_FIELD_LABELS.invitationSubject, 150),
    invitationText: optionalText(BRAND_FIELD_LABELS.invitationText, 4000),
  })
  .superRefine((brand, context) => {
    for (const field of ["primaryColor", "accentColor"] as const) {
      const problem = isHexColor(brand[field]) ? contrastProblem(BRAND_FIELD_LABELS[field], brand[field]) : null;
      if (problem) context.addIssue({ code: "custom", path: [field], message: problem });
    }
    for (const field of ["invitationSubject", "invitationText"] as const) {
      const unknown = unknownPlaceholders(brand[field]);
      if (unknown.length > 0) {
        context.addIssue({
          code: "custom",
          path: [field],
          message: `${BRAND_FIELD_LABELS[field]} uses {{${unknown[0]}}}: only {{name}}, {{link}} and {{product}} can be used`,
        });
      }
    }
    if (brand.invitationText !== "" && !/\{\{\s*link\s*\}\}/.test(brand.invitationText)) {
      context.addIssue({
        code: "custom",
        path: ["invitationText"],
        message: `${BRAND_FIELD_LABELS.invitationText} must contain {{link}}: it is how the invited person sets a password`,
      });
    }
  });

export type TBrandFields = z.infer<typeof ZBrandFields>;
/** What the form holds before parsing (defaults not yet applied). */
export type TBrandFieldsInput = z.input<typeof ZBrandFields>;

export const ZBrandingAccountInput = z.object({ accountId: z.string() });

export const ZUpdateBrandingInput = ZBrandingAccountInput.extend({ fields: ZBrandFields });
export type TUpdateBrandingInput = z.infer<typeof ZUpdateBrandingInput>;

export const BRAND_IMAGE_SLOTS = ["logo", "favicon"] as const;
export type BrandImageSlot = (typeof BRAND_IMAGE_SLOTS)[number];

export const ZBrandImageRef = ZBrandingAccountInput.extend({ slot: z.enum(BRAND_IMAGE_SLOTS) });
export type TBrandImageRef = z.infer<typeof ZBrandImageRef>;

/** An image from the Branding page: its bytes in base64 (the REST API sends them as the body). */
export const ZUploadBrandImageInput = ZBrandImageRef.extend({
  // 256 KB in base64 is 349,526 characters; a little more is let through to be refused by size, with its own message.
  base64: z.string().max(400_000, "The image must be at most 256 KB"),
});

export const ZInvitationPreviewInput = ZBrandingAccountInput.extend({
  invitationSubject: z.string().max(150).default(""),
  invitationText: z.string().max(4000).default(""),
});

const hostname = z
  .string("Hostname must be text")
  .trim()
  .transform((value, context) => {
    const normalized = normalizeHostname(value);
    if (!normalized) {
      context.addIssue({
        code: "custom",
        message: "Hostname must be a name such as portal.example.com, without https:// or a path",
      });
      return z.NEVER;
    }
    return normalized;
  });

export const ZAddCustomDomainInput = ZBrandingAccountInput.extend({ hostname });
export const ZCustomDomainRef = ZBrandingAccountInput.extend({ id: z.string() });
