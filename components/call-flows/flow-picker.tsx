"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { AsyncPicker, PICKER_PAGE_SIZE, type PickerFieldProps } from "@/components/async-picker";
import { nextCursorOf, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";

export const NO_FLOW = "— no flow —";

/** How a flow is named wherever one is picked or shown: "Reception (500)". */
export function flowLabel(flow: { name: string; extension: number }): string {
  return `${flow.name} (${flow.extension})`;
}

type FlowPickerProps = PickerFieldProps & {
  /** Offers "no flow" first when the field may be empty. */
  optional?: boolean;
};

/**
 * One of the account's published call flows (a number can be routed only to a flow callers can
 * reach), found by name and paged by cursor (callFlows.list).
 */
export function FlowPicker({ accountId, optional, ...picker }: FlowPickerProps) {
  const trpc = useTRPC();
  const search = useSearch();
  const query = useInfiniteQuery({
    ...trpc.callFlows.list.infiniteQueryOptions(
      { accountId, search: search.search, limit: PICKER_PAGE_SIZE, publishedOnly: true },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <AsyncPicker
      {...picker}
      noun="flows"
      noneLabel={optional ? NO_FLOW : undefined}
      search={search}
      query={query}
      optionOf={(flow) => ({ id: flow.id, label: flowLabel(flow) })}
    />
  );
}
