"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZCreateCustomerInput, type TCreateCustomerInput } from "@/server/services/accounts/schemas";

export function CreateCustomerForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm<TCreateCustomerInput>({
    resolver: zodResolver(ZCreateCustomerInput),
    defaultValues: { name: "", contactName: "" },
  });
  const serverErrors = useServerErrors(form.setError, ["name", "contactName"]);
  const create = useMutation(
    trpc.accounts.customers.create.mutationOptions({
      onSuccess: async (customer) => {
        setCreated(customer.name);
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.accounts.customers.pathKey() });
      },
      onError: serverErrors.report,
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      className="row"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setCreated(null);
        serverErrors.clear();
        create.mutate(values);
      })}
    >
      <Field
        label="Account name"
        hint="Lower-case handle, e.g. acme. API clients use it in X-Auth-For."
        error={errors.name}
        {...form.register("name")}
      />
      <Field label="Contact name" error={errors.contactName} {...form.register("contactName")} />
      <button type="submit" className="actions" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create customer"}
      </button>
      <FormError message={serverErrors.formError} />
      {created ? (
        <p className="notice" role="status">
          Customer {created} created.
        </p>
      ) : null}
    </form>
  );
}
