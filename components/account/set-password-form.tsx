"use client";

import Link from "next/link";
import { z } from "zod";
import { Field, FormError, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZSetPasswordInput } from "@/server/services/users/schemas";
import { Button, buttonVariants } from "@/components/ui/button";

const ZSetPasswordForm = ZSetPasswordInput.extend({ confirm: z.string() }).refine(
  (values) => values.password === values.confirm,
  {
    path: ["confirm"],
    message: "The passwords do not match",
  },
);

/** Sets a password through a one-time link (an invitation, or a new admin). */
export function SetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const { form, errors, submit, pending, formError, result } = useFormMutation({
    schema: ZSetPasswordForm,
    defaultValues: { token, password: "", confirm: "" },
    serverFields: ["password"],
    mutation: trpc.users.setPassword.mutationOptions(),
    variables: ({ confirm: _confirm, ...values }) => values,
    // The form gives way to the link to sign in.
    resetOnSuccess: false,
  });
  const done = result?.email;
  if (done) {
    return (
      <div className="flex flex-col gap-3">
        <Message tone="ok" role="status" data-testid="password-set">
          Your password is set. Sign in as {done}.
        </Message>
        <Link className={buttonVariants({ variant: "primary" })} href="/sign-in">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form className="flex flex-col gap-3 max-w-md" noValidate onSubmit={submit}>
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not a common password."
        error={errors.password}
        {...form.register("password")}
      />
      <Field
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        error={errors.confirm}
        {...form.register("confirm")}
      />
      <FormError message={formError ?? errors.token?.message ?? null} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
