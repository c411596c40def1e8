import { z } from "zod";

// Shared by the tRPC inputs and the portal's form (zodResolver), so a rule is written once.

/** The API user's name, sent in X-Auth-User; unique within its account. */
const ZApiUsername = z
  .string()
  .trim()
  .min(2, "Name must be at least 2 characters")
  .max(64, "Name must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");

export const ZCreateApiCredentialInput = z.object({ username: ZApiUsername });
export type TCreateApiCredentialInput = z.infer<typeof ZCreateApiCredentialInput>;

export const ZRevokeApiCredentialInput = z.object({ id: z.string().min(1) });
export type TRevokeApiCredentialInput = z.infer<typeof ZRevokeApiCredentialInput>;
