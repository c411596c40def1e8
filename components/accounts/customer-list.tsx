"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { Table } from "@/components/ui/table";

export function CustomerList() {
  const trpc = useTRPC();
  const { text, setText, search } = useSearch();
  const customers = useInfiniteQuery({
    ...trpc.accounts.customers.list.infiniteQueryOptions({ search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="flex flex-col gap-3">
      <SearchBox label="Search customers by name" value={text} onChange={setText} />
      <PagedList
        query={customers}
        noun="customers"
        empty={search ? "No customer matches." : "No customers yet. Create the first one above."}
      >
        {(items) => (
          <Table aria-label="Customers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Contact</th>
                <th scope="col">Users</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((customer) => (
                <tr key={customer.id}>
                  <td>
                    <span className="flex flex-wrap items-baseline gap-x-2">
                      <Link href={`/customers/${customer.id}`}>{customer.name}</Link>
                      {customer.displayName ? <span className="text-muted">{customer.displayName}</span> : null}
                    </span>
                  </td>
                  <td>{customer.contactName}</td>
                  <td>{customer._count.users}</td>
                  <td>{formatDay(customer.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </div>
  );
}
