"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";

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
    <div className="flex flex-col gap-3">
      <SearchBox label="Search API users by name" value={text} onChange={setText} />
      <FormError message={error} />
      <PagedList
        query={credentials}
        noun="API users"
        empty={search ? "No API user matches." : "No API users yet. Create the first one above."}
      >
        {(items) => (
          <Table aria-label="API users">
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
                  <td>
                    {credential.revokedAt ? (
                      <Badge tone="danger">Revoked {formatDay(credential.revokedAt)}</Badge>
                    ) : (
                      <Badge tone="ok">Active</Badge>
                    )}
                  </td>
                  <td>
                    {credential.revokedAt ? null : confirming === credential.id ? (
                      <span className="flex flex-wrap items-start gap-3">
                        <span>Clients using it stop working at once.</span>
                        <Button
                          type="button"
                          disabled={revoke.isPending}
                          onClick={() => {
                            setError(null);
                            revoke.mutate({ id: credential.id });
                          }}
                        >
                          Yes, revoke {credential.username}
                        </Button>
                        <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                          Cancel
                        </Button>
                      </span>
                    ) : (
                      <Button
                        type="button"
                        variant="secondary"
                        aria-label={`Revoke ${credential.username} of ${credential.account.name}`}
                        onClick={() => setConfirming(credential.id)}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </div>
  );
}
