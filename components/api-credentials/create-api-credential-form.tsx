"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZCreateApiCredentialInput, type TCreateApiCredentialInput } from "@/server/services/api-credentials/schemas";

type NewCredential = { username: string; password: string };

/** Creates an API user of the signed-in account and shows its password, this once only. */
export function CreateApiCredentialForm({ accountName }: { accountName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<NewCredential | null>(null);
  const form = useForm<TCreateApiCredentialInput>({
    resolver: zodResolver(ZCreateApiCredentialInput),
    defaultValues: { username: "" },
  });
  const serverErrors = useServerErrors(form.setError, ["username"]);
  const create = useMutation(
    trpc.apiCredentials.create.mutationOptions({
      onSuccess: async (credential) => {
        setCreated({ username: credential.username, password: credential.password });
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.apiCredentials.pathKey() });
      },
      onError: serverErrors.report,
    }),
  );
  const errors = form.formState.errors;
  return (
    <>
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
          label="API user name"
          hint="Sent as X-Auth-User. Lower-case letters, digits, '.', '-' or '_'."
          autoComplete="off"
          error={errors.username}
          {...form.register("username")}
        />
        <button type="submit" className="actions" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create API user"}
        </button>
        <FormError message={serverErrors.formError} />
      </form>
      {created ? (
        <div className="panel" role="status" aria-labelledby="created-api-user-heading">
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
          <button type="button" className="secondary" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
    </>
  );
}
