"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError } from "@/components/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";

/** Subscribes the account to events and shows the signing secret, this once only. */
export function CreateWebhookForm({ accountId, canCoverSubtree }: { accountId: string; canCoverSubtree: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { form, errors, submit, pending, formError, result, dismiss } = useFormMutation({
    schema: ZWebhookSubscriptionFields,
    defaultValues: { url: "", events: [...WEBHOOK_EVENT_TYPES], enabled: true, subtree: false },
    serverFields: ["url", "events", "subtree"],
    mutation: trpc.webhooks.create.mutationOptions(),
    variables: (subscription) => ({ accountId, subscription }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ accountId }) }),
  });
  const secret = result?.secret ?? null;
  return (
    <>
      <form className="stack" noValidate onSubmit={submit}>
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
          <button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create webhook"}
          </button>
        </div>
        <FormError message={formError} />
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
          <button type="button" className="secondary" onClick={dismiss}>
            I have copied it
          </button>
        </div>
      ) : null}
    </>
  );
}
