"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/field";
import { formatDay } from "@/components/format";
import { serverIssues, useTRPC } from "@/components/trpc";

/** The API users the signed-in account can manage: its own and its customers'. */
export function ApiCredentialList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.apiCredentials.list.queryOptions());
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.apiCredentials.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirming(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiCredentials.list.queryKey() });
      },
      onError: (failure) => setError(serverIssues(failure).message),
    }),
  );
  if (credentials.isPending) return <p>Loading API users…</p>;
  if (credentials.isError) return <p className="form-error">Could not load API users: {credentials.error.message}</p>;
  if (credentials.data.length === 0) return <p className="empty">No API users yet. Create the first one above.</p>;
  return (
    <>
      <FormError message={error} />
      <table aria-label="API users">
        <thead>
          <tr>
            <th scope="col">API user</th>
            <th scope="col">Account</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {credentials.data.map((credential) => (
            <tr key={credential.id}>
              <td>{credential.username}</td>
              <td>{credential.account.name}</td>
              <td>{formatDay(credential.createdAt)}</td>
              <td>{credential.lastUsedAt ? formatDay(credential.lastUsedAt) : "Never"}</td>
              <td>{credential.revokedAt ? `Revoked ${formatDay(credential.revokedAt)}` : "Active"}</td>
              <td>
                {credential.revokedAt ? null : confirming === credential.id ? (
                  <span className="row">
                    <span>Clients using it stop working at once.</span>
                    <button
                      type="button"
                      disabled={revoke.isPending}
                      onClick={() => {
                        setError(null);
                        revoke.mutate({ id: credential.id });
                      }}
                    >
                      Yes, revoke {credential.username}
                    </button>
                    <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Revoke ${credential.username} of ${credential.account.name}`}
                    onClick={() => setConfirming(credential.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
