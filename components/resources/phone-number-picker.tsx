"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { AsyncPicker, PICKER_PAGE_SIZE, type PickerFieldProps } from "@/components/async-picker";
import { nextCursorOf, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";

/** One of the account's phone numbers, found by its digits and paged by cursor (resources.phoneNumbers.list). */
export function PhoneNumberPicker({ accountId, ...picker }: PickerFieldProps) {
  const trpc = useTRPC();
  const search = useSearch();
  const query = useInfiniteQuery({
    ...trpc.resources.phoneNumbers.list.infiniteQueryOptions(
      { accountId, search: search.search, limit: PICKER_PAGE_SIZE },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <AsyncPicker
      {...picker}
      noun="numbers"
      search={search}
      query={query}
      optionOf={(row) => ({ id: row.id, label: row.number })}
    />
  );
}
