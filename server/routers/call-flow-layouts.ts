import {
  getCallFlowLayout,
  saveCallFlowLayout,
  ZCallFlowLayoutRef,
  ZFlowPositions,
  ZSaveCallFlowLayoutInput,
} from "@/server/services/call-flows/layout";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Where the editor draws a flow's modules; another tenant's flow is NOT_FOUND, as everywhere.
export const callFlowLayoutsRouter = router({
  get: signedInProcedure
    .input(ZCallFlowLayoutRef)
    .output(ZFlowPositions.nullable())
    .query(({ ctx, input }) => getCallFlowLayout(ctx.request, input)),
  save: signedInProcedure
    .input(ZSaveCallFlowLayoutInput)
    .output(ZFlowPositions)
    .mutation(({ ctx, input }) => saveCallFlowLayout(ctx.request, input)),
});
