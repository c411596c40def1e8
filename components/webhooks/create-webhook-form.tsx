"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";

type FormInput = z.input<typeof ZWebhookSubscriptionFields>;
type FormOutput = z.output<typeof ZWebhookSubscriptionFields>;

/** Subscribes the account to events and shows the signing secret, this once only. */
export function CreateWebhookForm({ accountId, canCoverSubtree }: { accountId: string; canCoverSubtree: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(ZWebhookSubscriptionFields),
    defaultValues: { url: "", events: [...WEBHOOK_EVENT_TYPES], enabled: true, subtree: false },
  });
  const serverErrors = useServerErrors(form.setError, ["url", "events", "subtree"]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (created) => {
        setSecret(created.secret);
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ accountId }) });
      },
      onError: serverErrors.report,
    }),
  );
  const errors = form.formState.errors;
  return (
    <>
      <form
        className="stack"
        noValidate
        onSubmit={form.handleSubmit((subscription) => {
          setSecret(null);
          serverErrors.clear();
          create.mutate({ accountId, subscription });
        })}
      >
        <Field
          label="Receiver URL"
          hint="Events are POSTed here as JSON, signed per Standard Webhooks. https only in production."
          autoComplete="off"
          placeholder="https://example.com/webhooks"
          error={errors.url}
          {...form.register("url")}
        />
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" value={type} {...form.register("events")} /> <code>{type}</code>
            </label>
          ))}
          {errors.events?.message ? (
            <p className="field-error" data-testid="error-events">
              {errors.events.message}
            </p>
          ) : null}
        </fieldset>
        {canCoverSubtree ? (
          <label className="checkbox">
            <input type="checkbox" {...form.register("subtree")} /> Also the events of every customer below this account
          </label>
        ) : null}
        {errors.subtree?.message ? <p className="field-error">{errors.subtree.message}</p> : null}
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create webhook"}
          </button>
        </div>
        <FormError message={serverErrors.formError} />
      </form>
      {secret ? (
        <div className="panel" role="status" aria-labelledby="created-webhook-heading">
          <h3 id="created-webhook-heading">Webhook created</h3>
          <p>
            Copy the signing secret now: receivers verify each event with it, and it <strong>will not be shown again</strong>.
          </p>
          <p>
            <code data-testid="new-webhook-secret">{secret}</code>
          </p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
    </>
  );
}
