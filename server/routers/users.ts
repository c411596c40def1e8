import { z } from "zod";
import { router } from "@/server/trpc/init";
import { enrollingProcedure, publicProcedure, signedInProcedure } from "@/server/trpc/procedures";
import { changeOwnPassword, signOutEverywhere } from "@/server/services/users/own-account";
import { setPasswordWithLink } from "@/server/services/users/password-links";
import {
  ZBeginTwoFactorInput,
  ZChangePasswordInput,
  ZDisableTwoFactorInput,
  ZInviteUserInput,
  ZListUsersInput,
  ZRemoveUserInput,
  ZResetTwoFactorInput,
  ZSetPasswordInput,
  ZSetUserDisabledInput,
  ZTwoFactorCodeInput,
} from "@/server/services/users/schemas";
import {
  beginTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  twoFactorStatus,
} from "@/server/services/users/two-factor";
import { inviteUser, listUsers, removeUser, resetUserTwoFactor, setUserDisabled } from "@/server/services/users/users";

const ZUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(["admin", "reseller", "customer"]),
  accountId: z.string(),
  disabled: z.boolean(),
  /** invited: has not set a password through their link yet. */
  status: z.enum(["active", "invited", "disabled"]),
  twoFactorEnabled: z.boolean(),
  /** Too many wrong codes: only a recovery code or an admin's reset gets this user past. */
  twoFactorLocked: z.boolean(),
  createdAt: z.date(),
});

const twoFactorRouter = router({
  status: enrollingProcedure
    .output(z.object({ enabled: z.boolean(), required: z.boolean(), recoveryCodesLeft: z.number() }))
    .query(({ ctx }) => twoFactorStatus(ctx.request)),
  begin: enrollingProcedure
    .input(ZBeginTwoFactorInput)
    .output(z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() }))
    .mutation(({ ctx, input }) => beginTwoFactorEnrolment(ctx.request, input)),
  /** Every other session of the user ends; this one is re-issued so the user stays signed in here. */
  confirm: enrollingProcedure
    .input(ZTwoFactorCodeInput)
    .output(z.object({ recoveryCodes: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const { recoveryCodes, sessionVersion } = await confirmTwoFactorEnrolment(ctx.request, input);
      await ctx.renewSession?.(sessionVersion);
      return { recoveryCodes };
    }),
  disable: enrollingProcedure
    .input(ZDisableTwoFactorInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const { sessionVersion } = await disableTwoFactor(ctx.request, input);
      await ctx.renewSession?.(sessionVersion);
    }),
});

export const usersRouter = router({
  list: signedInProcedure
    .input(ZListUsersInput)
    .output(
      z.object({
        account: z.object({ id: z.string(), name: z.string(), kind: z.enum(["platform", "reseller", "customer"]) }),
        users: z.array(ZUserOutput),
      }),
    )
    .query(({ ctx, input }) => listUsers(ctx.request, input)),
  invite: signedInProcedure
    .input(ZInviteUserInput)
    .output(z.object({ user: ZUserOutput, link: z.string(), expiresAt: z.date(), mailed: z.boolean() }))
    .mutation(({ ctx, input }) => inviteUser(ctx.request, input)),
  setDisabled: signedInProcedure
    .input(ZSetUserDisabledInput)
    .output(ZUserOutput)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.request, input)),
  remove: signedInProcedure
    .input(ZRemoveUserInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => removeUser(ctx.request, input)),
  /** For a user who lost their phone and codes, or whose code sign-in is locked: two-factor off, sessions ended. */
  resetTwoFactor: signedInProcedure
    .input(ZResetTwoFactorInput)
    .output(ZUserOutput)
    .mutation(({ ctx, input }) => resetUserTwoFactor(ctx.request, input)),
  /** From a one-time link: no session needed, the token is the proof. */
  setPassword: publicProcedure
    .input(ZSetPasswordInput)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => setPasswordWithLink({ ip: ctx.ip, userAgent: ctx.userAgent }, input)),
  changePassword: signedInProcedure
    .input(ZChangePasswordInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const { sessionVersion } = await changeOwnPassword(ctx.request, input);
      // Every other session ends; this one is re-issued so the user stays signed in here.
      await ctx.renewSession?.(sessionVersion);
    }),
  signOutEverywhere: enrollingProcedure.output(z.void()).mutation(({ ctx }) => signOutEverywhere(ctx.request)),
  twoFactor: twoFactorRouter,
});
