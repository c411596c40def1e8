"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/field";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { serverIssues, useTRPC } from "@/components/trpc";

/** The API users the signed-in account can manage: its own and its customers'. */
export function ApiCredentialList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { text, setText, search } = useSearch();
  const credentials = useInfiniteQuery({
    ...trpc.apiCredentials.list.infiniteQueryOptions({ search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.apiCredentials.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirming(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiCredentials.pathKey() });
      },
      onError: (failure) => setError(serverIssues(failure).message),
    }),
  );
  return (
    <div className="stack">
      <SearchBox label="Search API users by name" value={text} onChange={setText} />
      <FormError message={error} />
      <PagedList
        query={credentials}
        noun="API users"
        empty={search ? "No API user matches." : "No API users yet. Create the first one above."}
      >
        {(items) => (
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
              {items.map((credential) => (
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
        )}
      </PagedList>
    </div>
  );
}
