"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfirm } from "@/components/ui/confirm";
import { Field, FormError, Message } from "@/components/ui/field";
import { ZAddCustomDomainInput } from "@/server/services/branding/schemas";

const ZHostnameForm = ZAddCustomDomainInput.pick({ hostname: true });

/** A reseller's own hostnames: each with the DNS record that proves it, or a platform admin's approval. */
export function CustomDomains({ accountId, canApprove }: { accountId: string; canApprove: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const listKey = trpc.branding.domains.list.queryKey({ accountId });
  const domains = useQuery(trpc.branding.domains.list.queryOptions({ accountId }));
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKey });
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZHostnameForm,
    defaultValues: { hostname: "" },
    serverFields: ["hostname"],
    mutation: trpc.branding.domains.add.mutationOptions(),
    variables: ({ hostname }) => ({ accountId, hostname }),
    onSuccess: refresh,
  });
  const outcome = (done: string) => ({
    onSuccess: () => {
      setMessage({ tone: "ok", text: done });
      return refresh();
    },
    onError: (error: unknown) => setMessage({ tone: "error", text: serverIssues(error).message }),
  });
  const verify = useMutation(
    trpc.branding.domains.verify.mutationOptions(outcome("The DNS record was found: the hostname is active.")),
  );
  const approve = useMutation(trpc.branding.domains.approve.mutationOptions(outcome("Approved: the hostname is active.")));
  const remove = useMutation(trpc.branding.domains.remove.mutationOptions(outcome("The hostname was removed.")));

  async function confirmRemove(id: string, hostname: string) {
    const confirmed = await confirm({
      title: `Remove ${hostname}?`,
      description: "The portal stops answering on it; its sign-in page and links in new mails use the portal's own address.",
      confirmLabel: "Remove hostname",
      tone: "danger",
    });
    if (confirmed) remove.mutate({ accountId, id });
  }

  return (
    <Card aria-labelledby="domains-heading">
      <h2 id="domains-heading">Custom domains</h2>
      <p className="max-w-prose text-sm text-muted">
        Serve the portal on your own hostname: point it at the portal (a CNAME record), then prove it is yours with the TXT record
        shown, or ask the platform to approve it. Once active, its sign-in page shows your brand, only your customers can sign in
        there, and the links in their mails lead there.
      </p>
      <form className="flex flex-wrap items-end gap-3" noValidate onSubmit={submit}>
        <Field
          label="Hostname"
          placeholder="portal.example.com"
          autoComplete="off"
          error={errors.hostname}
          {...form.register("hostname")}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add hostname"}
        </Button>
      </form>
      <FormError message={formError} />
      {message ? (
        <Message tone={message.tone} role="status">
          {message.text}
        </Message>
      ) : null}
      {domains.isPending ? <Message tone="muted">Loading…</Message> : null}
      {domains.data?.length === 0 ? <Message tone="muted">No custom domain yet.</Message> : null}
      <ul className="flex list-none flex-col gap-3 p-0">
        {domains.data?.map((domain) => (
          <li key={domain.id} className="flex flex-col gap-2 rounded-md border border-border p-3" data-testid="custom-domain">
            <div className="flex flex-wrap items-center gap-2">
              <strong className="break-all">{domain.hostname}</strong>
              {domain.active ? (
                <Badge tone="ok">Active ({domain.activatedBy === "admin" ? "approved" : "DNS verified"})</Badge>
              ) : (
                <Badge tone="warning">Waiting for verification</Badge>
              )}
            </div>
            {domain.active ? null : (
              <dl className="grid gap-1 text-sm sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-x-3">
                <dt className="text-muted">TXT record</dt>
                <dd>
                  <code>{domain.recordName}</code>
                </dd>
                <dt className="text-muted">Value</dt>
                <dd>
                  <code data-testid="domain-token">{domain.token}</code>
                </dd>
              </dl>
            )}
            <div className="flex flex-wrap gap-2">
              {domain.active ? null : (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => verify.mutate({ accountId, id: domain.id })}
                  disabled={verify.isPending}
                >
                  Check the DNS record
                </Button>
              )}
              {!domain.active && canApprove ? (
                <Button size="sm" onClick={() => approve.mutate({ accountId, id: domain.id })} disabled={approve.isPending}>
                  Approve
                </Button>
              ) : null}
              <Button size="sm" variant="danger" onClick={() => confirmRemove(domain.id, domain.hostname)}>
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
