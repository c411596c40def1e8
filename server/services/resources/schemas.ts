import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";
import { ZAccountId } from "../accounts/schemas";
import { ZListInput } from "../paging";

// The fields of each resource kind, shared by the tRPC inputs and the portal's forms
// (zodResolver), and the create / update inputs built from them the same way for every kind.

export const ZResourceName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "Name must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Name ${NO_CONTROL_CHARACTERS.message}`);

/** SIP users and hunt groups share one extension space with call flows; see ExtensionClaim. */
export const ZExtensionNumber = z
  .int("Extension must be a whole number")
  .min(1, "Extension must be from 1 to 99999")
  .max(99_999, "Extension must be from 1 to 99999");

export const ZMailboxNumber = z
  .int("Mailbox number must be a whole number")
  .min(1, "Mailbox number must be from 1 to 9999")
  .max(9999, "Mailbox number must be from 1 to 9999");

export const ZSipUserFields = z.object({ name: ZResourceName, extension: ZExtensionNumber, hasMailbox: z.boolean() });
export const ZHuntGroupFields = z.object({ name: ZResourceName, extension: ZExtensionNumber });
/** Sounds, playlists and trunks have nothing but a name here. */
export const ZNamedResourceFields = z.object({ name: ZResourceName });
export const ZMailboxFields = z.object({ name: ZResourceName, boxNumber: ZMailboxNumber });
/** Where calls to a number go: what its account may change (customers change nothing else). */
/** A number added to the inventory (by resellers and admins only), with its first route. */
export const ZPhoneNumberFields = z.object({
  /** As typed: in national format it is the account's country's; it is stored in E.164
   * (phoneNumberInE164, with the account's country, which only the service knows). */
  number: z.string().trim().min(1, "Number: enter a phone number").max(40, "Number: at most 40 characters"),
  /** The flow calls to the number follow: one of the same account, or none. */
  callFlowId: z.string().nullable(),
});

const ZResourceId = z.string().min(1, "Resource is required");

/** One page of an account's resources of one kind, searched by name (a phone number: by number). */
export const ZListResourcesInput = ZListInput.extend({ accountId: ZAccountId });
export type TListResourcesInput = z.infer<typeof ZListResourcesInput>;
export const ZResourceRefInput = z.object({ accountId: ZAccountId, id: ZResourceId });

function inputsOf<Shape extends z.ZodRawShape>(fields: z.ZodObject<Shape>) {
  const create = fields.extend({ accountId: ZAccountId });
  return { create, update: create.extend({ id: ZResourceId }) };
}

export const { create: ZCreateSipUserInput, update: ZUpdateSipUserInput } = inputsOf(ZSipUserFields);

export const { create: ZCreateHuntGroupInput, update: ZUpdateHuntGroupInput } = inputsOf(ZHuntGroupFields);

export const { create: ZCreateNamedResourceInput, update: ZUpdateNamedResourceInput } = inputsOf(ZNamedResourceFields);

export const { create: ZCreateMailboxInput, update: ZUpdateMailboxInput } = inputsOf(ZMailboxFields);

export const { create: ZCreatePhoneNumberInput } = inputsOf(ZPhoneNumberFields);
export type TCreatePhoneNumberInput = z.infer<typeof ZCreatePhoneNumberInput>;

const ZPhoneNumberAssignment = z.object({
  /** An account in reach: a customer, or a staff account where the number waits unassigned.
   * Null releases the number to the inventory of the reseller above its account. */
  toAccountId: ZAccountId.nullable(),
});
export const ZAssignPhoneNumberInput = ZResourceRefInput.extend(ZPhoneNumberAssignment.shape);

/** A page of the accounts a number can be assigned to, found by name; `exceptAccountId`: the one it is on. */
export const ZAssignableAccountsInput = ZListInput.extend({ exceptAccountId: ZAccountId.optional() }).prefault({});
export type TAssignableAccountsInput = z.infer<typeof ZAssignableAccountsInput>;
export type TAssignPhoneNumberInput = z.infer<typeof ZAssignPhoneNumberInput>;

/**
 * A page of every number in a staff member's tree, found by its digits: all of them, those held
 * by one account (`holderId`, a customer usually), or the unassigned stock (held by staff accounts).
 */
export const ZNumberInventoryInput = ZListInput.extend({
  holderId: ZAccountId.optional(),
  unassigned: z.boolean().default(false),
}).prefault({});
export type TNumberInventoryInput = z.infer<typeof ZNumberInventoryInput>;
