import { z } from "zod";
import { createApiCredential, listApiCredentials, revokeApiCredential } from "@/server/services/api-credentials/api-credentials";
import { ZCreateApiCredentialInput, ZRevokeApiCredentialInput } from "@/server/services/api-credentials/schemas";
import { ZOptionalListInput, zPage } from "@/server/services/paging";
import { router } from "@/server/trpc/init";
import { signedInProcedure } from "@/server/trpc/procedures";

// Outputs list their fields, so a password hash can never leave through this router.
const ZApiCredentialOutput = z.object({
  id: z.string(),
  username: z.string(),
  accountId: z.string(),
  account: z.object({ name: z.string() }),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiCredentialsRouter = router({
  list: signedInProcedure
    .input(ZOptionalListInput)
    .output(zPage(ZApiCredentialOutput))
    .query(({ ctx, input }) => listApiCredentials(ctx.request, input)),
  /** The only answer that ever carries the password. */
  create: signedInProcedure
    .input(ZCreateApiCredentialInput)
    .output(ZApiCredentialOutput.extend({ password: z.string() }))
    .mutation(({ ctx, input }) => createApiCredential(ctx.request, input)),
  revoke: signedInProcedure
    .input(ZRevokeApiCredentialInput)
    .output(ZApiCredentialOutput)
    .mutation(({ ctx, input }) => revokeApiCredential(ctx.request, input)),
});
