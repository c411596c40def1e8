"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Field, FormError, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";

/** The fields as this form labels them, for the messages that name them (`url is required`). */
const LABELS = { url: "Receiver URL", events: "Events" } as const;

/** Subscribes the account to events and shows the signing secret, this once only. */
export function CreateWebhookForm({ accountId, canCoverSubtree }: { accountId: string; canCoverSubtree: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { form, errors, submit, pending, formError, result, dismiss } = useFormMutation({
    schema: ZWebhookSubscriptionFields,
    defaultValues: { url: "", events: [...WEBHOOK_EVENT_TYPES], enabled: true, subtree: false },
    serverFields: ["url", "events", "subtree"],
    labels: LABELS,
    mutation: trpc.webhooks.create.mutationOptions(),
    variables: (subscription) => ({ accountId, subscription }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ accountId }) }),
  });
  const secret = result?.secret ?? null;
  return (
    <>
      <form className="flex flex-col gap-3 max-w-md" noValidate onSubmit={submit}>
        <Field
          label={LABELS.url}
          hint="Events are POSTed here as JSON, signed per Standard Webhooks. https only in production."
          autoComplete="off"
          placeholder="https://example.com/webhooks"
          error={errors.url}
          {...form.register("url")}
        />
        <fieldset>
          <legend>{LABELS.events}</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="inline-flex items-center gap-2 text-sm font-normal">
              <input type="checkbox" value={type} {...form.register("events")} /> <code>{type}</code>
            </label>
          ))}
          {errors.events?.message ? (
            <Message tone="error" data-testid="error-events">
              {errors.events.message}
            </Message>
          ) : null}
        </fieldset>
        {canCoverSubtree ? (
          <label className="inline-flex items-center gap-2 text-sm font-normal">
            <input type="checkbox" {...form.register("subtree")} /> Also the events of every customer below this account
          </label>
        ) : null}
        {errors.subtree?.message ? <Message tone="error">{errors.subtree.message}</Message> : null}
        <div className="self-end">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create webhook"}
          </Button>
        </div>
        <FormError message={formError} />
      </form>
      {secret ? (
        <div className={cardClass} role="status" aria-labelledby="created-webhook-heading">
          <h3 id="created-webhook-heading">Webhook created</h3>
          <p>
            Copy the signing secret now: receivers verify each event with it, and it <strong>will not be shown again</strong>.
          </p>
          <p>
            <code data-testid="new-webhook-secret">{secret}</code>
          </p>
          <Button type="button" variant="secondary" onClick={dismiss}>
            I have copied it
          </Button>
        </div>
      ) : null}
    </>
  );
}
