"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { formatDay } from "@/components/format";
import { useTRPC } from "@/components/trpc";

export function ResellerList() {
  const trpc = useTRPC();
  const resellers = useQuery(trpc.accounts.resellers.list.queryOptions());
  if (resellers.isPending) return <p>Loading resellers…</p>;
  if (resellers.isError) return <p className="form-error">Could not load resellers: {resellers.error.message}</p>;
  if (resellers.data.length === 0) return <p className="empty">No resellers yet.</p>;
  return (
    <table aria-label="Resellers">
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
        {resellers.data.map((reseller) => (
          <tr key={reseller.id}>
            <td>{reseller.name}</td>
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
    </table>
  );
}
