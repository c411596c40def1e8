"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDay } from "@/components/format";
import { useTRPC } from "@/components/trpc";

export function CustomerList() {
  const trpc = useTRPC();
  const customers = useQuery(trpc.accounts.customers.list.queryOptions());
  if (customers.isPending) return <p>Loading customers…</p>;
  if (customers.isError) return <p className="form-error">Could not load customers: {customers.error.message}</p>;
  if (customers.data.length === 0) return <p className="empty">No customers yet. Create the first one above.</p>;
  return (
    <table aria-label="Customers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Contact</th>
          <th scope="col">Users</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {customers.data.map((customer) => (
          <tr key={customer.id}>
            <td>
              <Link href={`/customers/${customer.id}`}>{customer.name}</Link>
            </td>
            <td>{customer.contactName}</td>
            <td>{customer._count.users}</td>
            <td>{formatDay(customer.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
