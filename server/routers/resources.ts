import { z } from "zod";
import { zPage } from "@/server/services/paging";
import { huntGroups, mailboxes, playlists, sipUsers, sounds, trunks } from "@/server/services/resources/kinds";
import { listPhoneNumbers, numberInventory, phoneNumbers } from "@/server/services/resources/phone-numbers";
import {
  ZAssignableAccountsInput,
  ZAssignPhoneNumberInput,
  ZCreateHuntGroupInput,
  ZCreateMailboxInput,
  ZCreateNamedResourceInput,
  ZCreatePhoneNumberInput,
  ZCreateSipUserInput,
  ZListResourcesInput,
  ZNumberInventoryInput,
  ZResourceRefInput,
  ZUpdateHuntGroupInput,
  ZUpdateMailboxInput,
  ZUpdateNamedResourceInput,
  ZUpdateSipUserInput,
} from "@/server/services/resources/schemas";
import { speakSound, ZSpeakSoundInput } from "@/server/services/sounds/sounds";
import { speechVoices } from "@/server/services/sounds/speech";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Every kind has the same four procedures, each a plain call of the kind's service. They are
// spelt out per kind because tRPC cannot infer a router's types inside a generic factory.
// Every procedure names the account it acts for; the services resolve it within the actor's
// reach, so another tenant's account or resource is NOT_FOUND.

const ZResourceOutput = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZSipUserOutput = ZResourceOutput.extend({ extension: z.number(), hasMailbox: z.boolean() });
const ZHuntGroupOutput = ZResourceOutput.extend({ extension: z.number() });
const ZMailboxOutput = ZResourceOutput.extend({ boxNumber: z.number() });
const ZSoundOutput = ZResourceOutput.extend({
  format: z.string().nullable(),
  durationMs: z.number().nullable(),
  byteSize: z.number().nullable(),
  ttsText: z.string().nullable(),
  ttsVoice: z.string().nullable(),
});
const ZPhoneNumberOutput = ZResourceOutput.omit({ name: true }).extend({ number: z.string(), callFlowId: z.string().nullable() });
const ZFlowName = z.object({ name: z.string(), extension: z.number() });
/** Listed numbers name their route (flows, schedule) and what answers now, so a page shows them
 * without loading every flow and schedule. */
const ZListedPhoneNumber = ZPhoneNumberOutput.extend({
  scheduleId: z.string().nullable(),
  closedCallFlowId: z.string().nullable(),
  callFlow: ZFlowName.nullable(),
  closedCallFlow: ZFlowName.nullable(),
  schedule: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The flow answering now; with a schedule, whether it is open now (its override included). */
  answers: z.object({ callFlow: ZFlowName.nullable(), open: z.boolean().nullable() }),
});

const listing = signedInProcedure.input(ZListResourcesInput);
const removal = signedInProcedure.input(ZResourceRefInput);

export const resourcesRouter = router({
  sipUsers: router({
    list: listing.output(zPage(ZSipUserOutput)).query(({ ctx, input }) => sipUsers.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateSipUserInput)
      .output(ZSipUserOutput)
      .mutation(({ ctx, input }) => sipUsers.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateSipUserInput)
      .output(ZSipUserOutput)
      .mutation(({ ctx, input }) => sipUsers.update(ctx.request, input)),
    delete: removal.output(ZSipUserOutput).mutation(({ ctx, input }) => sipUsers.remove(ctx.request, input)),
  }),
  huntGroups: router({
    list: listing.output(zPage(ZHuntGroupOutput)).query(({ ctx, input }) => huntGroups.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateHuntGroupInput)
      .output(ZHuntGroupOutput)
      .mutation(({ ctx, input }) => huntGroups.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateHuntGroupInput)
      .output(ZHuntGroupOutput)
      .mutation(({ ctx, input }) => huntGroups.update(ctx.request, input)),
    delete: removal.output(ZHuntGroupOutput).mutation(({ ctx, input }) => huntGroups.remove(ctx.request, input)),
  }),
  // Files are uploaded through /api/accounts/{accountId}/sounds (tRPC carries no files).
  sounds: router({
    list: listing.output(zPage(ZSoundOutput)).query(({ ctx, input }) => sounds.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateNamedResourceInput)
      .output(ZSoundOutput)
      .mutation(({ ctx, input }) => sounds.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateNamedResourceInput)
      .output(ZSoundOutput)
      .mutation(({ ctx, input }) => sounds.update(ctx.request, input)),
    delete: removal.output(ZSoundOutput).mutation(({ ctx, input }) => sounds.remove(ctx.request, input)),
    /** The text-to-speech voices, or null when the server cannot speak (no espeak-ng). */
    voices: signedInProcedure
      .output(z.array(z.object({ id: z.string(), label: z.string() })).nullable())
      .query(() => speechVoices()),
    speak: signedInProcedure
      .input(ZSpeakSoundInput)
      .output(ZSoundOutput)
      .mutation(({ ctx, input }) => speakSound(ctx.request, input)),
  }),
  playlists: router({
    list: listing.output(zPage(ZResourceOutput)).query(({ ctx, input }) => playlists.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateNamedResourceInput)
      .output(ZResourceOutput)
      .mutation(({ ctx, input }) => playlists.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateNamedResourceInput)
      .output(ZResourceOutput)
      .mutation(({ ctx, input }) => playlists.update(ctx.request, input)),
    delete: removal.output(ZResourceOutput).mutation(({ ctx, input }) => playlists.remove(ctx.request, input)),
  }),
  trunks: router({
    list: listing.output(zPage(ZResourceOutput)).query(({ ctx, input }) => trunks.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateNamedResourceInput)
      .output(ZResourceOutput)
      .mutation(({ ctx, input }) => trunks.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateNamedResourceInput)
      .output(ZResourceOutput)
      .mutation(({ ctx, input }) => trunks.update(ctx.request, input)),
    delete: removal.output(ZResourceOutput).mutation(({ ctx, input }) => trunks.remove(ctx.request, input)),
  }),
  mailboxes: router({
    list: listing.output(zPage(ZMailboxOutput)).query(({ ctx, input }) => mailboxes.list(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreateMailboxInput)
      .output(ZMailboxOutput)
      .mutation(({ ctx, input }) => mailboxes.create(ctx.request, input)),
    update: signedInProcedure
      .input(ZUpdateMailboxInput)
      .output(ZMailboxOutput)
      .mutation(({ ctx, input }) => mailboxes.update(ctx.request, input)),
    delete: removal.output(ZMailboxOutput).mutation(({ ctx, input }) => mailboxes.remove(ctx.request, input)),
  }),
  // Inventory: create, assign and delete are for resellers and admins (FORBIDDEN to customers,
  // checked before anything is looked up). Routing a number is schedules.routeNumber, its one write.
  phoneNumbers: router({
    list: listing.output(zPage(ZListedPhoneNumber)).query(({ ctx, input }) => listPhoneNumbers(ctx.request, input)),
    create: signedInProcedure
      .input(ZCreatePhoneNumberInput)
      .output(ZPhoneNumberOutput)
      .mutation(({ ctx, input }) => phoneNumbers.create(ctx.request, input)),
    assign: signedInProcedure
      .input(ZAssignPhoneNumberInput)
      .output(ZPhoneNumberOutput)
      .mutation(({ ctx, input }) => phoneNumbers.assign(ctx.request, input)),
    delete: removal.output(ZPhoneNumberOutput).mutation(({ ctx, input }) => phoneNumbers.remove(ctx.request, input)),
    assignableAccounts: signedInProcedure
      .input(ZAssignableAccountsInput)
      .output(zPage(z.object({ id: z.string(), name: z.string(), kind: z.enum(["platform", "reseller", "customer"]) })))
      .query(({ ctx, input }) => phoneNumbers.assignableAccounts(ctx.request, input)),
    /** Every number in the staff member's tree, with the account holding it (the Numbers page of resellers). */
    inventory: signedInProcedure
      .input(ZNumberInventoryInput)
      .output(
        zPage(
          z.object({
            id: z.string(),
            number: z.string(),
            account: z.object({
              id: z.string(),
              name: z.string(),
              displayName: z.string(),
              kind: z.enum(["platform", "reseller", "customer"]),
            }),
            routed: z.boolean(),
          }),
        ),
      )
      .query(({ ctx, input }) => numberInventory(ctx.request, input)),
  }),
});
