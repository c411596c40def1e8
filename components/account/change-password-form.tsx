"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Field, FormError, Hint, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { serverIssues, useTRPC } from "@/components/trpc";
import { ZChangePasswordInput } from "@/server/services/users/schemas";
import { Button } from "@/components/ui/button";

/** Changes the signed-in user's password; their other sessions end, this one stays. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const {
    form,
    errors,
    submit,
    pending,
    formError,
    succeeded: done,
  } = useFormMutation({
    schema: ZChangePasswordInput,
    defaultValues: { currentPassword: "", newPassword: "" },
    serverFields: ["currentPassword", "newPassword"],
    mutation: trpc.users.changePassword.mutationOptions(),
  });
  return (
    <form className="flex flex-col gap-3 max-w-md" noValidate onSubmit={submit}>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword}
        {...form.register("currentPassword")}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not a common password. You stay signed in here; everywhere else you are signed out."
        error={errors.newPassword}
        {...form.register("newPassword")}
      />
      <FormError message={formError} />
      {done ? (
        <Message tone="ok" role="status" data-testid="password-changed">
          Password changed. Every other session was signed out.
        </Message>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

/** Ends every session of the user, this one too. */
export function SignOutEverywhereButton() {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const signOutAll = useMutation(
    trpc.users.signOutEverywhere.mutationOptions({
      onSuccess: () => signOut({ callbackUrl: "/sign-in" }),
      onError: (failure) => setError(serverIssues(failure).message),
    }),
  );
  return (
    <div className="flex flex-col gap-3">
      <Hint>Signs you out on every device and browser, including this one. Use it if a device was lost or shared.</Hint>
      <FormError message={error} />
      <Button type="button" variant="secondary" disabled={signOutAll.isPending} onClick={() => signOutAll.mutate()}>
        Sign out everywhere
      </Button>
    </div>
  );
}
