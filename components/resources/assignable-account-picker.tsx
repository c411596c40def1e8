"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { AsyncPicker, PICKER_PAGE_SIZE, type PickerFieldProps } from "@/components/async-picker";
import { nextCursorOf, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";

/**
 * An account a number can move to, other than the one it is on (`accountId`): found by name and
 * paged by cursor (resources.phoneNumbers.assignableAccounts), for a reseller with thousands of
 * customers. A staff account holds numbers unassigned, and says so. With `releaseLabel`, the
 * first option releases the number (value "") instead.
 */
export function AssignableAccountPicker({ accountId, releaseLabel, ...picker }: PickerFieldProps & { releaseLabel?: string }) {
  const trpc = useTRPC();
  const search = useSearch();
  const query = useInfiniteQuery({
    ...trpc.resources.phoneNumbers.assignableAccounts.infiniteQueryOptions(
      { exceptAccountId: accountId, search: search.search, limit: PICKER_PAGE_SIZE },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <AsyncPicker
      {...picker}
      noun="accounts"
      search={search}
      query={query}
      noneLabel={releaseLabel}
      optionOf={(account) => ({
        id: account.id,
        label: account.kind === "customer" ? account.name : `${account.name} (unassigned)`,
      })}
    />
  );
}
