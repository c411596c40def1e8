"use client";

import Link from "next/link";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { Table } from "@/components/ui/table";

export function ResellerList() {
  const trpc = useTRPC();
  const { text, setText, search } = useSearch();
  const resellers = useInfiniteQuery({
    ...trpc.accounts.resellers.list.infiniteQueryOptions({ search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="flex flex-col gap-3">
      <SearchBox label="Search resellers by name" value={text} onChange={setText} />
      <PagedList query={resellers} noun="resellers" empty={search ? "No reseller matches." : "No resellers yet."}>
        {(items) => (
          <Table aria-label="Resellers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Contact</th>
                <th scope="col">Customers</th>
                <th scope="col">Users</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((reseller) => (
                <tr key={reseller.id}>
                  <td>
                    <Link href={`/accounts/${reseller.id}/numbers`}>{reseller.name}</Link>
                  </td>
                  <td>{reseller.contactName}</td>
                  <td>{reseller.customerCount}</td>
                  <td>
                    <Link href={`/accounts/${reseller.id}/users`} aria-label={`Users of ${reseller.name}`}>
                      {reseller.userCount}
                    </Link>
                  </td>
                  <td>{formatDay(reseller.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </div>
  );
}
