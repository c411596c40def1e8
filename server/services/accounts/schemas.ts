import { z } from "zod";
import { DEFAULT_COUNTRY, ZCountry } from "@/server/domain/phone-number";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";

// Shared by the tRPC inputs and the portal's forms (zodResolver), so a rule is written once.

/** The account handle: unique on the platform, used by the REST API's X-Auth-For header. */
export const ZAccountName = z
  .string()
  .trim()
  .min(2, "Name must be at least 2 characters")
  .max(64, "Name must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");

const ZContactName = z
  .string()
  .trim()
  .max(100, "Contact name must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Contact name ${NO_CONTROL_CHARACTERS.message}`);

/** What people call an account ("Acme Corporation"), beside its handle; optional. */
export const ZAccountDisplayName = z
  .string()
  .trim()
  .max(100, "Display name must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Display name ${NO_CONTROL_CHARACTERS.message}`);

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

export const ZDisplayName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "Name must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Name ${NO_CONTROL_CHARACTERS.message}`);

const MIN_PASSWORD_LENGTH = 12;

/** Counted in characters after NFKC, the form passwords are hashed in (server/auth/password.ts). */
export const ZNewPassword = z
  .string()
  .refine(
    (value) => [...value.normalize("NFKC")].length >= MIN_PASSWORD_LENGTH,
    `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  )
  .refine((value) => [...value.normalize("NFKC")].length <= 200, "Password must be at most 200 characters");

export const ZAccountId = z.string().min(1, "Account is required");

const ZNewUser = z.object({ email: ZEmail, displayName: ZDisplayName, password: ZNewPassword });
export type TNewUser = z.infer<typeof ZNewUser>;

/** Where the provider writes about the account: an email address, or empty. */
export const ZContactEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Contact email must be at most 254 characters")
  .pipe(z.union([z.literal(""), z.email("Enter a valid contact email address")]));

/** A plan of the reseller's, by id; null for none. */
const ZPlanChoice = z.string().max(64, "Choose one of your plans").nullable();

export const CUSTOMER_STATUSES = ["active", "suspended"] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** What a customer is, as the REST API's PUT replaces it whole and the portal edits it. */
export const ZCustomerFields = z.object({
  name: ZAccountName,
  displayName: ZAccountDisplayName.default(""),
  contactEmail: ZContactEmail.default(""),
  planId: ZPlanChoice.default(null),
  status: z.enum(CUSTOMER_STATUSES, "Status must be active or suspended").default("active"),
});
export type TCustomerFields = z.infer<typeof ZCustomerFields>;

export const ZCreateCustomerInput = ZCustomerFields.omit({ status: true }).extend({
  contactName: ZContactName.default(""),
  /** Where its phone numbers are: numbers typed in national format are this country's. */
  country: ZCountry.default(DEFAULT_COUNTRY),
  /** Creates the customer's first user, who sets a password through a one-time link. */
  ownerEmail: ZEmail.optional(),
});
export type TCreateCustomerInput = z.infer<typeof ZCreateCustomerInput>;

export const ZReplaceCustomerInput = ZCustomerFields.extend({ id: ZAccountId });
export type TReplaceCustomerInput = z.infer<typeof ZReplaceCustomerInput>;

export const ZSetCustomerPlanInput = z.object({ id: ZAccountId, planId: ZPlanChoice });
export const ZSetCustomerStatusInput = z.object({ id: ZAccountId, status: z.enum(CUSTOMER_STATUSES) });

export const ZRenameAccountInput = z.object({
  id: ZAccountId,
  name: ZAccountName,
  displayName: ZAccountDisplayName.default(""),
  contactName: ZContactName,
  country: ZCountry.default(DEFAULT_COUNTRY),
});
export type TRenameAccountInput = z.infer<typeof ZRenameAccountInput>;

export const ZCreateAccountUserInput = ZNewUser.extend({ accountId: ZAccountId });
export type TCreateAccountUserInput = z.infer<typeof ZCreateAccountUserInput>;

export const ZCreateResellerInput = z.object({
  name: ZAccountName,
  contactName: ZContactName,
  user: ZNewUser,
});
export type TCreateResellerInput = z.infer<typeof ZCreateResellerInput>;
