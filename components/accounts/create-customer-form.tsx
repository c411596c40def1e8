"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZCreateCustomerInput } from "@/server/services/accounts/schemas";
import { Button } from "@/components/ui/button";
import { DEFAULT_COUNTRY } from "@/server/domain/phone-number";
import { CountryField } from "./country-field";

export function CreateCustomerForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { form, errors, submit, pending, formError, result } = useFormMutation({
    schema: ZCreateCustomerInput,
    defaultValues: { name: "", displayName: "", contactName: "", country: DEFAULT_COUNTRY },
    serverFields: ["name", "displayName", "contactName", "country"],
    mutation: trpc.accounts.customers.create.mutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.accounts.customers.pathKey() }),
  });
  return (
    <form className="flex flex-wrap items-start gap-3" noValidate onSubmit={submit}>
      <Field
        label="Account name"
        hint="Lower-case handle, e.g. acme. API clients use it in X-Auth-For."
        error={errors.name}
        {...form.register("name")}
      />
      <Field
        label="Display name"
        hint="What people call the customer, e.g. Acme Corporation. Optional."
        error={errors.displayName}
        {...form.register("displayName")}
      />
      <Field label="Contact name" error={errors.contactName} {...form.register("contactName")} />
      <CountryField error={errors.country} {...form.register("country")} />
      <Button type="submit" className="self-end" disabled={pending}>
        {pending ? "Creating…" : "Create customer"}
      </Button>
      <FormError message={formError} />
      {result ? (
        <Message tone="ok" role="status">
          Customer {result.name} created.
        </Message>
      ) : null}
    </form>
  );
}
