"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError } from "@/components/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZCreateResellerInput } from "@/server/services/accounts/schemas";

export function CreateResellerForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { form, errors, submit, pending, formError, result } = useFormMutation({
    schema: ZCreateResellerInput,
    defaultValues: { name: "", contactName: "", user: { email: "", displayName: "", password: "" } },
    serverFields: ["name", "contactName", "user.email", "user.displayName", "user.password"],
    mutation: trpc.accounts.resellers.create.mutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.accounts.resellers.pathKey() }),
  });
  return (
    <form className="stack" noValidate onSubmit={submit}>
      <Field label="Account name" hint="Lower-case handle, e.g. demo-reseller." error={errors.name} {...form.register("name")} />
      <Field label="Contact name" error={errors.contactName} {...form.register("contactName")} />
      <fieldset className="stack">
        <legend>First user of the reseller</legend>
        <Field label="User email" type="email" error={errors.user?.email} {...form.register("user.email")} />
        <Field label="User name" error={errors.user?.displayName} {...form.register("user.displayName")} />
        <Field
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters, not a common password. Share it with the reseller securely."
          error={errors.user?.password}
          {...form.register("user.password")}
        />
      </fieldset>
      <FormError message={formError} />
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create reseller"}
      </button>
      {result ? (
        <p className="notice" role="status">
          Reseller {result.name} created.
        </p>
      ) : null}
    </form>
  );
}
