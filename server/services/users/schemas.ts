import { z } from "zod";
import { ZAccountId, ZDisplayName, ZEmail, ZNewPassword } from "@/server/services/accounts/schemas";

// Shared by the tRPC inputs and the portal's forms (zodResolver), so a rule is written once.
// The common-password list is checked on the server only (server/auth/password-rules.ts).

const ZUserId = z.string().min(1, "User is required");

export const ZListUsersInput = z.object({ accountId: ZAccountId });

export const ZInviteUserInput = z.object({ accountId: ZAccountId, email: ZEmail, displayName: ZDisplayName });
export type TInviteUserInput = z.infer<typeof ZInviteUserInput>;

export const ZSetUserDisabledInput = z.object({ id: ZUserId, disabled: z.boolean() });
export type TSetUserDisabledInput = z.infer<typeof ZSetUserDisabledInput>;

export const ZRemoveUserInput = z.object({ id: ZUserId });

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  newPassword: ZNewPassword,
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZSetPasswordInput = z.object({
  token: z.string().min(1, "The link has no token").max(200, "The link's token is not valid"),
  password: ZNewPassword,
});
export type TSetPasswordInput = z.infer<typeof ZSetPasswordInput>;

export const ZTwoFactorCodeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});

/** Setting up two-factor sign-in asks for the password again: a stolen session alone cannot. */
export const ZBeginTwoFactorInput = z.object({ password: z.string().min(1, "Enter your password") });
export type TBeginTwoFactorInput = z.infer<typeof ZBeginTwoFactorInput>;

/** Turning it off asks for the password and a current code (or a recovery code). */
export const ZDisableTwoFactorInput = z.object({
  password: z.string().min(1, "Enter your password"),
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app, or a recovery code")
    .max(32, "Enter the code from your authenticator app, or a recovery code"),
});
export type TDisableTwoFactorInput = z.infer<typeof ZDisableTwoFactorInput>;

export const ZResetTwoFactorInput = z.object({ id: ZUserId });
