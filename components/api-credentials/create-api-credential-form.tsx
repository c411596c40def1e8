"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZCreateApiCredentialInput } from "@/server/services/api-credentials/schemas";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";

/** Creates an API user of the signed-in account and shows its password, this once only. */
export function CreateApiCredentialForm({ accountName }: { accountName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const {
    form,
    errors,
    submit,
    pending,
    formError,
    result: created,
    dismiss,
  } = useFormMutation({
    schema: ZCreateApiCredentialInput,
    defaultValues: { username: "" },
    serverFields: ["username"],
    mutation: trpc.apiCredentials.create.mutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiCredentials.pathKey() }),
  });
  return (
    <>
      <form className="flex flex-wrap items-start gap-3" noValidate onSubmit={submit}>
        <Field
          label="API user name"
          hint="Sent as X-Auth-User. Lower-case letters, digits, '.', '-' or '_'."
          autoComplete="off"
          error={errors.username}
          {...form.register("username")}
        />
        <Button type="submit" className="self-end" disabled={pending}>
          {pending ? "Creating…" : "Create API user"}
        </Button>
        <FormError message={formError} />
      </form>
      {created ? (
        <div className={cardClass} role="status" aria-labelledby="created-api-user-heading">
          <h3 id="created-api-user-heading">API user {created.username} created</h3>
          <p>
            Copy the password now: it is stored only as a hash and <strong>will not be shown again</strong>.
          </p>
          <dl>
            <dt>X-Auth-Reseller</dt>
            <dd>
              <code>{accountName}</code>
            </dd>
            <dt>X-Auth-User</dt>
            <dd>
              <code>{created.username}</code>
            </dd>
            <dt>X-Auth-Password</dt>
            <dd>
              <code data-testid="new-api-password">{created.password}</code>
            </dd>
          </dl>
          <Button type="button" variant="secondary" onClick={dismiss}>
            I have copied it
          </Button>
        </div>
      ) : null}
    </>
  );
}
