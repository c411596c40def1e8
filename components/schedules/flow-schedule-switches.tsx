"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { nextCursorOf } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { OverrideSwitch } from "./override-switch";

/**
 * The override switch of each schedule that decides whether numbers reach this flow: those of
 * the numbers routed by a schedule to it, while open or while closed. Nothing when no schedule
 * routes a number to it.
 */
export function FlowScheduleSwitches({ accountId, flowId }: { accountId: string; flowId: string }) {
  const trpc = useTRPC();
  const numbers = useInfiniteQuery(
    trpc.resources.phoneNumbers.list.infiniteQueryOptions({ accountId, limit: 100 }, { getNextPageParam: nextCursorOf }),
  );
  // Every number of the account, not only the first page: any of them may route to this flow.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = numbers;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const routing = (numbers.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (number) => number.scheduleId !== null && (number.callFlowId === flowId || number.closedCallFlowId === flowId),
  );
  const routingSchedules = (schedules.data ?? []).filter((schedule) =>
    routing.some((number) => number.scheduleId === schedule.id),
  );
  if (routingSchedules.length === 0) return null;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="flow-schedules-heading">
      <h2 id="flow-schedules-heading">Open or closed now</h2>
      {routingSchedules.map((schedule) => (
        <div key={schedule.id} className="flex flex-col gap-1">
          <OverrideSwitch accountId={accountId} schedule={schedule} />
          <ul className="text-sm text-muted">
            {routing
              .filter((number) => number.scheduleId === schedule.id)
              .map((number) => (
                <li key={number.id}>
                  Calls to {number.number} reach this flow{" "}
                  {number.callFlowId === flowId && number.closedCallFlowId === flowId
                    ? "whether open or closed"
                    : number.callFlowId === flowId
                      ? "while open"
                      : "while closed"}
                  .
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
