"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, Message } from "@/components/ui/field";
import { formatDay } from "@/components/format";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { serverIssues, useTRPC } from "@/components/trpc";
import { ZInviteUserInput } from "@/server/services/users/schemas";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";

/** The users of one account: invite, disable or enable, reset two-factor sign-in, remove. */
export function AccountUsers({ accountId, currentUserId }: { accountId: string; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions({ accountId }));
  /** The user whose removal or two-factor reset awaits a second click. */
  const [confirming, setConfirming] = useState<{ id: string; action: "remove" | "resetTwoFactor" } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey({ accountId }) });
  const options = {
    onSuccess: async () => {
      setConfirming(null);
      await refresh();
    },
    onError: (failure: unknown) => setError(serverIssues(failure).message),
  };
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions(options));
  const remove = useMutation(trpc.users.remove.mutationOptions(options));
  const resetTwoFactor = useMutation(trpc.users.resetTwoFactor.mutationOptions(options));

  if (users.isPending) return <p>Loading users…</p>;
  if (users.isError) return <Message tone="error">Could not load the users: {users.error.message}</Message>;
  return (
    <>
      <Card aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite a user</h2>
        <InviteUserForm accountId={accountId} onInvited={refresh} />
      </Card>
      <Card aria-labelledby="users-heading">
        <h2 id="users-heading">Users of {users.data.account.name}</h2>
        <FormError message={error} />
        <Table aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((user) => (
              <tr key={user.id} data-testid={`user-${user.email}`}>
                <td>{user.email}</td>
                <td>{user.displayName}</td>
                <td>{user.role}</td>
                <td>
                  {user.status === "invited" ? (
                    <Badge tone="accent">Invited (no password yet)</Badge>
                  ) : user.status === "disabled" ? (
                    <Badge tone="danger">Disabled</Badge>
                  ) : (
                    <Badge tone="ok">Active</Badge>
                  )}
                </td>
                <td>{user.twoFactorLocked ? "On, codes locked (too many wrong codes)" : user.twoFactorEnabled ? "On" : "Off"}</td>
                <td>{formatDay(user.createdAt)}</td>
                <td>
                  {user.id === currentUserId ? (
                    <span className="text-xs text-muted">You</span>
                  ) : confirming?.id === user.id && confirming.action === "resetTwoFactor" ? (
                    <span className="flex flex-wrap items-start gap-3">
                      <span>
                        Two-factor sign-in of {user.email} is turned off and their sessions end; they sign in with their password
                        and set it up again.
                      </span>
                      <Button
                        type="button"
                        disabled={resetTwoFactor.isPending}
                        onClick={() => {
                          setError(null);
                          resetTwoFactor.mutate({ id: user.id });
                        }}
                      >
                        Yes, reset two-factor of {user.email}
                      </Button>
                      <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </span>
                  ) : confirming?.id === user.id ? (
                    <span className="flex flex-wrap items-start gap-3">
                      <span>{user.email} is removed for good.</span>
                      <Button
                        type="button"
                        disabled={remove.isPending}
                        onClick={() => {
                          setError(null);
                          remove.mutate({ id: user.id });
                        }}
                      >
                        Yes, remove {user.email}
                      </Button>
                      <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </span>
                  ) : (
                    <span className="flex flex-wrap items-start gap-3">
                      <Button
                        type="button"
                        variant="secondary"
                        disabled={setDisabled.isPending}
                        aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
                        onClick={() => {
                          setError(null);
                          setDisabled.mutate({ id: user.id, disabled: !user.disabled });
                        }}
                      >
                        {user.disabled ? "Enable" : "Disable"}
                      </Button>
                      {user.twoFactorEnabled ? (
                        <Button
                          type="button"
                          variant="secondary"
                          aria-label={`Reset two-factor sign-in of ${user.email}`}
                          onClick={() => setConfirming({ id: user.id, action: "resetTwoFactor" })}
                        >
                          Reset two-factor
                        </Button>
                      ) : null}
                      <Button
                        type="button"
                        variant="secondary"
                        aria-label={`Remove ${user.email}`}
                        onClick={() => setConfirming({ id: user.id, action: "remove" })}
                      >
                        Remove
                      </Button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}

function InviteUserForm({ accountId, onInvited }: { accountId: string; onInvited: () => Promise<void> }) {
  const trpc = useTRPC();
  const { form, errors, submit, pending, formError, result } = useFormMutation({
    schema: ZInviteUserInput,
    defaultValues: { accountId, email: "", displayName: "" },
    serverFields: ["email", "displayName"],
    mutation: trpc.users.invite.mutationOptions(),
    onSuccess: onInvited,
  });
  const invited = result ? { email: result.user.email, link: result.link, mailed: result.mailed } : null;
  return (
    <>
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit} noValidate>
        <Field label="Email" type="email" autoComplete="off" error={errors.email} {...form.register("email")} />
        <Field label="Name" autoComplete="off" error={errors.displayName} {...form.register("displayName")} />
        <Button type="submit" className="self-end" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      <FormError message={formError} />
      {invited ? (
        <div className="text-sm text-ok" role="status" data-testid="invite-link">
          <p>
            Invited {invited.email}.{" "}
            {invited.mailed
              ? "The link was mailed to them; it is also shown here once."
              : "Send them this link; it is shown only once."}{" "}
            It works once, within 24 hours.
          </p>
          <p>
            <code data-testid="invite-link-url">{invited.link}</code>
          </p>
        </div>
      ) : null}
    </>
  );
}
