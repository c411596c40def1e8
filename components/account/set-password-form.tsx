"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZSetPasswordInput } from "@/server/services/users/schemas";

const ZSetPasswordForm = ZSetPasswordInput.extend({ confirm: z.string() }).refine(
  (values) => values.password === values.confirm,
  {
    path: ["confirm"],
    message: "The passwords do not match",
  },
);
type TSetPasswordForm = z.infer<typeof ZSetPasswordForm>;

/** Sets a password through a one-time link (an invitation, or a new admin). */
export function SetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<TSetPasswordForm>({
    resolver: zodResolver(ZSetPasswordForm),
    defaultValues: { token, password: "", confirm: "" },
  });
  const server = useServerErrors(setError, ["password"] as const);
  const setPassword = useMutation(
    trpc.users.setPassword.mutationOptions({ onSuccess: (result) => setDone(result.email), onError: server.report }),
  );
  if (done) {
    return (
      <div className="stack">
        <p className="notice" role="status" data-testid="password-set">
          Your password is set. Sign in as {done}.
        </p>
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form
      className="stack"
      noValidate
      onSubmit={handleSubmit(({ confirm: _confirm, ...values }) => {
        server.clear();
        setPassword.mutate(values);
      })}
    >
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not a common password."
        error={formState.errors.password}
        {...register("password")}
      />
      <Field
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        error={formState.errors.confirm}
        {...register("confirm")}
      />
      <FormError message={server.formError ?? formState.errors.token?.message ?? null} />
      <button type="submit" disabled={setPassword.isPending}>
        {setPassword.isPending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
