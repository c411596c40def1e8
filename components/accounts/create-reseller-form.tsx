"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZCreateResellerInput } from "@/server/services/accounts/schemas";
import { Button } from "@/components/ui/button";

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
    <form className="flex flex-col gap-3 max-w-md" noValidate onSubmit={submit}>
      <Field label="Account name" hint="Lower-case handle, e.g. demo-reseller." error={errors.name} {...form.register("name")} />
      <Field label="Contact name" error={errors.contactName} {...form.register("contactName")} />
      <fieldset className="flex flex-col gap-3">
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
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create reseller"}
      </Button>
      {result ? (
        <Message tone="ok" role="status">
          Reseller {result.name} created.
        </Message>
      ) : null}
    </form>
  );
}
