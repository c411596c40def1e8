import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";
import { ZForwardTarget } from "@/server/domain/call-flow";
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
export const ZPhoneNumberFields = z.object({
  // E.164, the same rule as a call flow's forward targets.
  number: ZForwardTarget.shape.number,
  /** The flow calls to the number follow: one of the same account, or none. */
  callFlowId: z.string().nullable(),
});

const ZResourceId = z.string().min(1, "Resource is required");

/** One page of an account's resources of one kind, searched by name (a phone number: by number). */
export const ZListResourcesInput = ZListInput.extend({ accountId: ZAccountId });
export const ZResourceRefInput = z.object({ accountId: ZAccountId, id: ZResourceId });

function inputsOf<Shape extends z.ZodRawShape>(fields: z.ZodObject<Shape>) {
  const create = fields.extend({ accountId: ZAccountId });
  return { create, update: create.extend({ id: ZResourceId }) };
}

export const { create: ZCreateSipUserInput, update: ZUpdateSipUserInput } = inputsOf(ZSipUserFields);
export type TCreateSipUserInput = z.infer<typeof ZCreateSipUserInput>;
export type TUpdateSipUserInput = z.infer<typeof ZUpdateSipUserInput>;

export const { create: ZCreateHuntGroupInput, update: ZUpdateHuntGroupInput } = inputsOf(ZHuntGroupFields);
export type TCreateHuntGroupInput = z.infer<typeof ZCreateHuntGroupInput>;
export type TUpdateHuntGroupInput = z.infer<typeof ZUpdateHuntGroupInput>;

export const { create: ZCreateNamedResourceInput, update: ZUpdateNamedResourceInput } = inputsOf(ZNamedResourceFields);
export type TCreateNamedResourceInput = z.infer<typeof ZCreateNamedResourceInput>;
export type TUpdateNamedResourceInput = z.infer<typeof ZUpdateNamedResourceInput>;

export const { create: ZCreateMailboxInput, update: ZUpdateMailboxInput } = inputsOf(ZMailboxFields);
export type TCreateMailboxInput = z.infer<typeof ZCreateMailboxInput>;
export type TUpdateMailboxInput = z.infer<typeof ZUpdateMailboxInput>;

export const { create: ZCreatePhoneNumberInput, update: ZUpdatePhoneNumberInput } = inputsOf(ZPhoneNumberFields);
export type TCreatePhoneNumberInput = z.infer<typeof ZCreatePhoneNumberInput>;
export type TUpdatePhoneNumberInput = z.infer<typeof ZUpdatePhoneNumberInput>;
