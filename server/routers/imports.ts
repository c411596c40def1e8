import { z } from "zod";
import { getImport, recentImports } from "@/server/services/imports/imports";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Import runs of the signed-in user's account: the wizard's progress page reads one until it is
// done. Files go through /api/imports/{kind} (tRPC carries no files).

const ZFailedRow = z.object({ row: z.number(), errors: z.array(z.object({ column: z.string(), message: z.string() })) });

export const importsRouter = router({
  get: signedInProcedure
    .input(z.object({ id: z.string() }))
    .output(
      z.object({
        id: z.string(),
        kind: z.enum(["customers", "numbers", "users"]),
        mode: z.enum(["create", "upsert"]),
        status: z.enum(["queued", "running", "done", "failed"]),
        rows: z.number(),
        created: z.number(),
        updated: z.number(),
        unchanged: z.number(),
        pending: z.number(),
        failed: z.array(ZFailedRow),
        failure: z.string().nullable(),
        createdByLabel: z.string(),
        createdAt: z.date(),
        finishedAt: z.date().nullable(),
      }),
    )
    .query(({ ctx, input }) => getImport(ctx.request, input)),
  recent: signedInProcedure
    .output(z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), rows: z.number(), createdAt: z.date() })))
    .query(({ ctx }) => recentImports(ctx.request)),
});
