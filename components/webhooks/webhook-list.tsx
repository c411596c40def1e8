"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError, Message } from "@/components/ui/field";
import { formatDay } from "@/components/format";
import { serverIssues, useTRPC } from "@/components/trpc";
import type { WebhookEventType } from "@/server/services/webhooks/event-types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";

/** "2026-11-29 14:03:07 UTC": when a delivery happened, to the second. */
function formatMoment(at: string | Date): string {
  return `${new Date(at).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The account's webhook subscriptions: switch on or off, send a test event, read the delivery log, delete. */
export function WebhookList({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscriptions = useQuery(trpc.webhooks.list.queryOptions({ accountId }));
  const [openLog, setOpenLog] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  };
  const onError = (failure: unknown) => setError(serverIssues(failure).message);
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh, onError }));
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: async (_delivery, input) => {
        setOpenLog(input.id);
        await refresh();
      },
      onError,
    }),
  );
  if (subscriptions.isPending) return <p>Loading webhooks…</p>;
  if (subscriptions.isError) return <FormError message={subscriptions.error.message} />;
  if (subscriptions.data.length === 0) return <p>No webhooks yet. Create the first one above.</p>;
  return (
    <div className="flex flex-col gap-3">
      <FormError message={error} />
      <Table aria-label="Webhooks">
        <thead>
          <tr>
            <th scope="col">Receiver URL</th>
            <th scope="col">Events</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {subscriptions.data.map((subscription) => (
            <tr key={subscription.id}>
              <td>
                <code>{subscription.url}</code>
                <br />
                <small>Since {formatDay(subscription.createdAt)}</small>
              </td>
              <td>
                {subscription.events.join(", ")}
                {subscription.subtree ? <p>With every customer below</p> : null}
              </td>
              <td data-testid="webhook-status">
                {subscription.enabled ? <Badge tone="ok">On</Badge> : <Badge>Off</Badge>}
                {subscription.disabledReason ? <Message tone="error">{subscription.disabledReason}</Message> : null}
                {subscription.enabled && subscription.failingSince ? (
                  <p>Failing since {formatMoment(subscription.failingSince)}</p>
                ) : null}
              </td>
              <td>
                <span className="flex flex-wrap items-start gap-3">
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={!subscription.enabled || sendTest.isPending}
                    onClick={() => {
                      setError(null);
                      sendTest.mutate({ accountId, id: subscription.id });
                    }}
                  >
                    Send test event
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => setOpenLog(openLog === subscription.id ? null : subscription.id)}
                  >
                    {openLog === subscription.id ? "Hide delivery log" : "Delivery log"}
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={update.isPending}
                    onClick={() => {
                      setError(null);
                      update.mutate({
                        accountId,
                        id: subscription.id,
                        subscription: {
                          url: subscription.url,
                          events: subscription.events as WebhookEventType[],
                          subtree: subscription.subtree,
                          enabled: !subscription.enabled,
                        },
                      });
                    }}
                  >
                    {subscription.enabled ? "Switch off" : "Switch on"}
                  </Button>
                  {confirmingDelete === subscription.id ? (
                    <>
                      <Button type="button" onClick={() => remove.mutate({ accountId, id: subscription.id })}>
                        Yes, delete it
                      </Button>
                      <Button type="button" variant="secondary" onClick={() => setConfirmingDelete(null)}>
                        Cancel
                      </Button>
                    </>
                  ) : (
                    <Button type="button" variant="secondary" onClick={() => setConfirmingDelete(subscription.id)}>
                      Delete
                    </Button>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {openLog ? <DeliveryLog accountId={accountId} subscriptionId={openLog} /> : null}
    </div>
  );
}

/** A subscription's latest deliveries, refreshed while open; a finished one can be sent again. */
function DeliveryLog({ accountId, subscriptionId }: { accountId: string; subscriptionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ accountId, id: subscriptionId }),
    refetchInterval: 2000,
  });
  const [error, setError] = useState<string | null>(null);
  const replay = useMutation(
    trpc.webhooks.replay.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ accountId, id: subscriptionId }) }),
      onError: (failure) => setError(serverIssues(failure).message),
    }),
  );
  return (
    <Card aria-labelledby="delivery-log-heading">
      <h2 id="delivery-log-heading">Delivery log</h2>
      <FormError message={error} />
      {deliveries.isPending ? <p>Loading deliveries…</p> : null}
      {deliveries.data?.length === 0 ? <p>No deliveries yet. Send a test event, or change something.</p> : null}
      {deliveries.data && deliveries.data.length > 0 ? (
        <Table aria-label="Delivery log">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Status code</th>
              <th scope="col">Latency</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((delivery) => {
              const last = delivery.attemptLog.at(-1);
              return (
                <tr key={delivery.id}>
                  <td>
                    <code>{delivery.eventType}</code>
                  </td>
                  <td>{formatMoment(delivery.createdAt)}</td>
                  <td>
                    {delivery.status}
                    {delivery.status === "pending" && delivery.attempts > 0 ? (
                      <p>Next try {formatMoment(delivery.nextAttemptAt)}</p>
                    ) : null}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td title={last?.responseBody || undefined}>{last ? (last.statusCode ?? last.error ?? "—") : "—"}</td>
                  <td>{last ? `${last.latencyMs} ms` : "—"}</td>
                  <td>
                    {delivery.status === "pending" ? null : (
                      <Button
                        type="button"
                        variant="secondary"
                        disabled={replay.isPending}
                        onClick={() => {
                          setError(null);
                          replay.mutate({ accountId, deliveryId: delivery.id });
                        }}
                      >
                        Replay
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
