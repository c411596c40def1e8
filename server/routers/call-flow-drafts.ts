import { z } from "zod";
import {
  createDraftFlow,
  discardDraft,
  getDraftState,
  publishDraft,
  saveDraft,
  type DraftState,
} from "@/server/services/call-flows/drafts";
import { ZCallFlowDraftDocument, ZCallFlowRefInput, ZCreateCallFlowInput } from "@/server/services/call-flows/schemas";
import { cancelScheduledPublish, scheduledPublishesOf, schedulePublish } from "@/server/services/call-flows/scheduled-publish";
import type { Principal } from "@/server/auth/actor";
import type { ScheduledPublish } from "@/server/generated/prisma/client";
import { maskStaffLabels } from "@/server/services/audit/actor-privacy";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Drafts of call flows and their (scheduled) publishing. Every procedure names the account it
// acts for; the services resolve it within the actor's reach (another tenant's flow: NOT_FOUND).

const ZIssue = z.object({ path: z.string(), message: z.string() });

const ZDocument = z.unknown();

const ZScheduled = z.object({
  id: z.string(),
  runAt: z.string(),
  status: z.string(),
  failure: z.string().nullable(),
  createdByLabel: z.string(),
  finishedAt: z.string().nullable(),
});

const ZDraftStateOutput = z.object({
  flowId: z.string(),
  published: z.boolean(),
  liveVersion: z.number(),
  live: ZDocument.nullable(),
  draft: z
    .object({
      document: ZDocument,
      baseVersion: z.number(),
      baseDocument: ZDocument,
      updatedAt: z.string(),
      updatedByLabel: z.string(),
    })
    .nullable(),
  liveChangedSinceBase: z.boolean(),
});

/** How who saved a draft or scheduled a publish may be shown: a customer sees staff as "<account> staff". */
type ShownLabel = (label: string) => string;

function labelsFor(viewer: Principal, state: DraftState | null, scheduled: ScheduledPublish[]): Promise<ShownLabel> {
  const labels = [...(state?.draft ? [state.draft.updatedByLabel] : []), ...scheduled.map((row) => row.createdByLabel)];
  return maskStaffLabels(viewer, labels);
}

function stateOutput(state: DraftState, shown: ShownLabel): z.infer<typeof ZDraftStateOutput> {
  const { flow, draft } = state;
  return {
    flowId: flow.id,
    published: flow.published,
    liveVersion: flow.version,
    live: state.live,
    draft: draft && {
      document: draft.document,
      baseVersion: draft.baseVersion,
      baseDocument: draft.baseDocument,
      updatedAt: draft.updatedAt.toISOString(),
      updatedByLabel: shown(draft.updatedByLabel),
    },
    liveChangedSinceBase: state.liveChangedSinceBase,
  };
}

function scheduledOutput(row: ScheduledPublish, shown: ShownLabel): z.infer<typeof ZScheduled> {
  const createdByLabel = shown(row.createdByLabel);
  return {
    id: row.id,
    runAt: row.runAt.toISOString(),
    status: row.status,
    // A failure may name who scheduled it ("… can no longer sign in"): shown the same way.
    failure: row.failure === null ? null : row.failure.replaceAll(row.createdByLabel, createdByLabel),
    createdByLabel,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const callFlowDraftsRouter = router({
  /** The flow's live version, its draft and its scheduled publishes: the editor loads and polls it. */
  state: signedInProcedure
    .input(ZCallFlowRefInput)
    .output(ZDraftStateOutput.extend({ scheduled: z.array(ZScheduled) }))
    .query(async ({ ctx, input }) => {
      const state = await getDraftState(ctx.request, { accountId: input.accountId, flowId: input.id });
      const scheduled = await scheduledPublishesOf(ctx.request, { accountId: input.accountId, flowId: state.flow.id });
      const shown = await labelsFor(ctx.actor, state, scheduled);
      return { ...stateOutput(state, shown), scheduled: scheduled.map((row) => scheduledOutput(row, shown)) };
    }),
  /** A new flow that exists only as a draft until it is published; its extension is reserved. */
  create: signedInProcedure
    .input(ZCreateCallFlowInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: (await createDraftFlow(ctx.request, input)).id })),
  save: signedInProcedure
    .input(
      ZCallFlowRefInput.extend({
        document: ZCallFlowDraftDocument,
        /** The live version the editor opened: the base of a new draft. */
        startedFromVersion: z.int("startedFromVersion must be a whole number").min(0).optional(),
      }),
    )
    .output(ZDraftStateOutput)
    .mutation(async ({ ctx, input }) => {
      const state = await saveDraft(ctx.request, {
        accountId: input.accountId,
        flowId: input.id,
        document: input.document,
        startedFromVersion: input.startedFromVersion,
      });
      return stateOutput(state, await labelsFor(ctx.actor, state, []));
    }),
  discard: signedInProcedure
    .input(ZCallFlowRefInput)
    .output(z.object({ flowDeleted: z.boolean() }))
    .mutation(({ ctx, input }) => discardDraft(ctx.request, { accountId: input.accountId, flowId: input.id })),
  publish: signedInProcedure
    .input(ZCallFlowRefInput.extend({ overwriteLiveChanges: z.boolean().optional() }))
    .output(z.object({ version: z.number(), warnings: z.array(ZIssue) }))
    .mutation(async ({ ctx, input }) => {
      const { flow, warnings } = await publishDraft(ctx.request, {
        accountId: input.accountId,
        flowId: input.id,
        options: {
          overwriteLiveChanges: input.overwriteLiveChanges,
        },
      });
      return { version: flow.version, warnings };
    }),
  schedulePublish: signedInProcedure
    .input(ZCallFlowRefInput.extend({ runAt: z.iso.datetime({ offset: true, error: "runAt must be an ISO date and time" }) }))
    .output(ZScheduled)
    .mutation(async ({ ctx, input }) => {
      const row = await schedulePublish(ctx.request, {
        accountId: input.accountId,
        flowId: input.id,
        runAt: new Date(input.runAt),
      });
      return scheduledOutput(row, await labelsFor(ctx.actor, null, [row]));
    }),
  cancelScheduledPublish: signedInProcedure
    .input(ZCallFlowRefInput.extend({ scheduledPublishId: z.string().min(1, "Scheduled publish is required") }))
    .output(ZScheduled)
    .mutation(async ({ ctx, input }) => {
      const row = await cancelScheduledPublish(ctx.request, {
        accountId: input.accountId,
        flowId: input.id,
        id: input.scheduledPublishId,
      });
      return scheduledOutput(row, await labelsFor(ctx.actor, null, [row]));
    }),
});
