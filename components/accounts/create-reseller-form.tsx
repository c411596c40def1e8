"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZCreateResellerInput, type TCreateResellerInput } from "@/server/services/accounts/schemas";

export function CreateResellerForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm<TCreateResellerInput>({
    resolver: zodResolver(ZCreateResellerInput),
    defaultValues: { name: "", contactName: "", user: { email: "", displayName: "", password: "" } },
  });
  const serverErrors = useServerErrors(form.setError, ["name", "contactName", "user.email", "user.displayName", "user.password"]);
  const create = useMutation(
    trpc.accounts.resellers.create.mutationOptions({
      onSuccess: async (reseller) => {
        setCreated(reseller.name);
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.accounts.resellers.pathKey() });
      },
      onError: serverErrors.report,
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setCreated(null);
        serverErrors.clear();
        create.mutate(values);
      })}
    >
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
      <FormError message={serverErrors.formError} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create reseller"}
      </button>
      {created ? (
        <p className="notice" role="status">
          Reseller {created} created.
        </p>
      ) : null}
    </form>
  );
}
