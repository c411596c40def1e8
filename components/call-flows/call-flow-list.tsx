"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { OverrideSwitches } from "@/components/schedules/override-switch";
import { serverIssues, useTRPC } from "@/components/trpc";

/** An account's call flows: search, open, create, duplicate, delete. */
export function CallFlowList({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { text, setText, search } = useSearch();
  const [message, setMessage] = useState<{ kind: "notice" | "error"; text: string } | null>(null);
  const list = useInfiniteQuery({
    ...trpc.callFlows.list.infiniteQueryOptions({ accountId, search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.callFlows.pathKey() });
  const duplicate = useMutation(trpc.callFlows.duplicate.mutationOptions());
  const remove = useMutation(trpc.callFlows.delete.mutationOptions());

  async function act(work: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ kind: "notice", text: await work() });
      await refresh();
    } catch (error) {
      setMessage({ kind: "error", text: serverIssues(error).message });
    }
  }

  return (
    <div className="stack">
      <OverrideSwitches accountId={accountId} />
      <div className="row-inline">
        <SearchBox label="Search by name or extension" value={text} onChange={setText} />
        <Link className="button actions" href={`/accounts/${accountId}/flows/new`}>
          New call flow
        </Link>
      </div>
      {message ? (
        <p className={message.kind === "error" ? "form-error" : "notice"} role="status" data-testid="list-message">
          {message.text}
        </p>
      ) : null}
      <PagedList
        query={list}
        noun="call flows"
        empty={search ? "No call flow matches." : "No call flows yet. Create the first one."}
      >
        {(items) => (
          <table aria-label="Call flows">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Extension</th>
                <th scope="col">State</th>
                <th scope="col">Last changed</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <Link href={`/accounts/${accountId}/flows/${flow.id}`}>{flow.name}</Link>
                  </td>
                  <td>{flow.extension}</td>
                  <td>
                    {!flow.published
                      ? "Draft only, not live"
                      : flow.warningCount > 0
                        ? `Valid, ${flow.warningCount} warning${flow.warningCount === 1 ? "" : "s"}`
                        : "Valid"}
                    {flow.published && flow.hasDraft ? "; unpublished draft" : ""}
                  </td>
                  <td>
                    {formatDay(flow.updatedAt)}
                    {flow.lastChangedBy ? ` by ${flow.lastChangedBy}` : ""}
                  </td>
                  <td className="row-inline">
                    {/* A draft-only flow has no live version to copy yet. */}
                    <button
                      type="button"
                      className="secondary"
                      hidden={!flow.published}
                      onClick={() =>
                        act(async () => {
                          const copy = await duplicate.mutateAsync({
                            accountId,
                            id: flow.id,
                            name: `${flow.name} (copy)`.slice(0, 100),
                          });
                          return `Duplicated as "${copy.name}" on extension ${copy.extension}.`;
                        })
                      }
                    >
                      Duplicate {flow.name}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (!window.confirm(`Delete the call flow "${flow.name}"? Its history stays readable for admins.`))
                          return;
                        void act(async () => {
                          // A draft-only flow has no version yet (0).
                          await remove.mutateAsync({
                            accountId,
                            id: flow.id,
                            expectedVersion: flow.published ? flow.version : undefined,
                          });
                          return `Deleted "${flow.name}".`;
                        });
                      }}
                    >
                      Delete {flow.name}
                    </button>
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
