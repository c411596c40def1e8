"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, FormError } from "@/components/field";
import { serverIssues, useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZChangePasswordInput, type TChangePasswordInput } from "@/server/services/users/schemas";

/** Changes the signed-in user's password; their other sessions end, this one stays. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<TChangePasswordInput>({
    resolver: zodResolver(ZChangePasswordInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const server = useServerErrors(setError, ["currentPassword", "newPassword"] as const);
  const change = useMutation(
    trpc.users.changePassword.mutationOptions({
      onSuccess: () => {
        setDone(true);
        reset();
      },
      onError: server.report,
    }),
  );
  return (
    <form
      className="stack"
      noValidate
      onSubmit={handleSubmit((values) => {
        server.clear();
        setDone(false);
        change.mutate(values);
      })}
    >
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.currentPassword}
        {...register("currentPassword")}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not a common password. You stay signed in here; everywhere else you are signed out."
        error={formState.errors.newPassword}
        {...register("newPassword")}
      />
      <FormError message={server.formError} />
      {done ? (
        <p className="notice" role="status" data-testid="password-changed">
          Password changed. Every other session was signed out.
        </p>
      ) : null}
      <button type="submit" disabled={change.isPending}>
        {change.isPending ? "Changing…" : "Change password"}
      </button>
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
    <div className="stack">
      <p className="hint">
        Signs you out on every device and browser, including this one. Use it if a device was lost or shared.
      </p>
      <FormError message={error} />
      <button type="button" className="secondary" disabled={signOutAll.isPending} onClick={() => signOutAll.mutate()}>
        Sign out everywhere
      </button>
    </div>
  );
}
