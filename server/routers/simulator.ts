import { z } from "zod";
import { ENDING_KINDS, RING_OUTCOMES } from "@/server/domain/call-flow/simulate";
import { listCallFlowEndings, simulateCallFlow } from "@/server/services/call-flows/simulation";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

/** A stored flow ("live" by default, or its "draft"), or the editor's unsaved flow map. */
const ZSource = z.union([
  z.object({ flowId: z.string(), mode: z.enum(["live", "draft"]).optional() }),
  z.object({ flow: z.record(z.string(), z.unknown()) }),
]);

const ZChoice = z.union([
  z.literal("timeout"),
  z.object({ press: z.string().max(8) }),
  z.object({ dial: z.int().min(0).max(99_999_999) }),
  z.object({ ring: z.enum(RING_OUTCOMES) }),
]);

const ZScenario = z.object({
  callerId: z.string().max(64),
  choices: z.array(ZChoice).max(500),
  callerIdMatches: z.record(z.string(), z.boolean()).optional(),
});

const ZEnding = z.object({
  kind: z.enum(ENDING_KINDS),
  description: z.string(),
});

const ZStep = z.object({
  moduleKey: z.string(),
  module: z.string(),
  description: z.string(),
  hears: z.array(z.string()),
  sounds: z.array(z.object({ uuid: z.string(), name: z.string(), durationMs: z.number().nullable() })),
  rings: z.object({ targets: z.array(z.string()), seconds: z.number() }).nullable(),
  choice: z.string().nullable(),
  seconds: z.number(),
});

const ZPending = z.union([
  z.object({
    kind: z.literal("prompt"),
    moduleKey: z.string(),
    keys: z.array(z.string()),
    dialable: z.array(z.object({ extension: z.number(), name: z.string() })),
  }),
  z.object({ kind: z.literal("ring"), moduleKey: z.string(), targets: z.array(z.string()) }),
]);

/** The call simulator: follow a call through a flow (stored, or unsaved in the editor) without placing one. */
export const simulatorRouter = router({
  run: signedInProcedure
    .input(z.object({ accountId: z.string(), source: ZSource, scenario: ZScenario }))
    .output(
      z.object({ steps: z.array(ZStep), ending: ZEnding.nullable(), pending: ZPending.nullable(), totalSeconds: z.number() }),
    )
    .query(({ ctx, input }) => simulateCallFlow(ctx.request, input)),

  endings: signedInProcedure
    .input(z.object({ accountId: z.string(), source: ZSource }))
    .output(
      z.object({
        endings: z.array(
          z.object({
            ending: ZEnding,
            scenario: z.object({
              callerId: z.string(),
              choices: z.array(ZChoice).readonly(),
              callerIdMatches: z.record(z.string(), z.boolean()).readonly().optional(),
            }),
            via: z.array(z.string()),
          }),
        ),
        unreachable: z.array(z.string()),
        truncated: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => listCallFlowEndings(ctx.request, input)),
});
