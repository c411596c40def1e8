"use client";

import { useConfirm } from "@/components/ui/confirm";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Copy, EllipsisVertical, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { OverrideSwitches } from "@/components/schedules/override-switch";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Button, buttonVariants } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { Tooltip } from "@/components/ui/tooltip";
import { Table } from "@/components/ui/table";
import { PlanUsage, usePlanLimit } from "@/components/plans/plan-usage";

/** An account's call flows: search, open, create, duplicate, delete. */
export function CallFlowList({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const { text, setText, search } = useSearch();
  const list = useInfiniteQuery({
    ...trpc.callFlows.list.infiniteQueryOptions({ accountId, search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.callFlows.pathKey() });
  const duplicate = useMutation(trpc.callFlows.duplicate.mutationOptions());
  const remove = useMutation(trpc.callFlows.delete.mutationOptions());
  // A button whose action the plan refuses says why instead of leading to a refusal.
  const flowsFull = usePlanLimit(accountId, "flows");

  /** Runs an action of a row; its outcome appears as a toast. */
  async function act(work: () => Promise<string>) {
    try {
      toast.success(await work());
      await refresh();
    } catch (error) {
      toast.error(serverIssues(error).message);
    }
  }

  return (
    // The plan's usage and the open/closed switches load after the page and sit below the list,
    // so their arrival never moves the search box, "New call flow" or a row under the pointer.
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <SearchBox label="Search by name or extension" value={text} onChange={setText} />
        {flowsFull ? (
          <Tooltip label={flowsFull}>
            <Button aria-disabled="true" aria-describedby="flows-full" className="cursor-not-allowed opacity-60">
              <Plus aria-hidden />
              New call flow
            </Button>
          </Tooltip>
        ) : (
          <Link className={buttonVariants({ variant: "primary" })} href={`/accounts/${accountId}/flows/new`}>
            <Plus aria-hidden />
            New call flow
          </Link>
        )}
      </div>
      {flowsFull ? (
        <p id="flows-full" className="text-sm text-warning">
          {flowsFull}
        </p>
      ) : null}
      <PagedList
        query={list}
        noun="call flows"
        empty={search ? "No call flow matches." : "No call flows yet. Create the first one."}
      >
        {(items) => (
          <Table aria-label="Call flows">
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
                    <FlowState flow={flow} />
                  </td>
                  <td>
                    {formatDay(flow.updatedAt)}
                    {flow.lastChangedBy ? ` by ${flow.lastChangedBy}` : ""}
                  </td>
                  <td>
                    <DropdownMenu>
                      <Tooltip label={`Actions for ${flow.name}`}>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon" aria-label={`Actions for ${flow.name}`}>
                            <EllipsisVertical aria-hidden />
                          </Button>
                        </DropdownMenuTrigger>
                      </Tooltip>
                      <DropdownMenuContent align="end">
                        {/* A draft-only flow has no live version to copy yet. */}
                        {flow.published ? (
                          <DropdownMenuItem
                            onSelect={() =>
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
                            <Copy aria-hidden />
                            Duplicate
                          </DropdownMenuItem>
                        ) : null}
                        <DropdownMenuItem
                          tone="danger"
                          onSelect={async () => {
                            const confirmed = await confirm({
                              title: `Delete the call flow "${flow.name}"?`,
                              description: "Its history stays readable for admins.",
                              confirmLabel: "Delete call flow",
                              tone: "danger",
                            });
                            if (!confirmed) return;
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
                          <Trash2 aria-hidden />
                          Delete
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
      <PlanUsage accountId={accountId} />
      <OverrideSwitches accountId={accountId} />
    </div>
  );
}

type ListedFlow = { published: boolean; hasDraft: boolean; warningCount: number };

/** Whether callers get the flow, and what its last check found. */
function FlowState({ flow }: { flow: ListedFlow }) {
  if (!flow.published) return <Badge tone="warning">Draft only, not live</Badge>;
  return (
    <span className="flex flex-wrap gap-1">
      {flow.warningCount > 0 ? (
        <Badge tone="warning">{`Valid, ${flow.warningCount} warning${flow.warningCount === 1 ? "" : "s"}`}</Badge>
      ) : (
        <Badge tone="ok">Valid</Badge>
      )}
      {flow.hasDraft ? <Badge tone="accent">Unpublished draft</Badge> : null}
    </span>
  );
}
