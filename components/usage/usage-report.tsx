"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Field, Message } from "@/components/ui/field";
import { useTRPC, type RouterOutputs } from "@/components/trpc";
import { daysOf, ZUsageRange, type TUsageRange } from "@/server/services/usage/schemas";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";

type UsageRow = RouterOutputs["usage"]["daily"][number];
type AccountUsage = { key: string; name: string; byDay: Map<string, number>; total: number };

const UNATTRIBUTED = "Not authenticated";

/** One row per account, in the order the server sent them (by name, unattributed last). */
function byAccount(rows: UsageRow[]): AccountUsage[] {
  const accounts = new Map<string, AccountUsage>();
  for (const row of rows) {
    const key = row.accountId ?? "";
    const account = accounts.get(key) ?? { key, name: row.accountName ?? UNATTRIBUTED, byDay: new Map(), total: 0 };
    account.byDay.set(row.day, row.requests);
    account.total += row.requests;
    accounts.set(key, account);
  }
  return [...accounts.values()];
}

/** REST API commands per account per day, with a range picker. */
export function UsageReport({ initialRange }: { initialRange: TUsageRange }) {
  const trpc = useTRPC();
  const [range, setRange] = useState(initialRange);
  const form = useForm<TUsageRange>({ resolver: zodResolver(ZUsageRange), defaultValues: initialRange });
  const usage = useQuery(trpc.usage.daily.queryOptions(range));
  const errors = form.formState.errors;
  return (
    <>
      <form className="flex flex-wrap items-start gap-3" noValidate onSubmit={form.handleSubmit(setRange)}>
        <Field label="From" type="date" error={errors.from} {...form.register("from")} />
        <Field label="To" type="date" error={errors.to} {...form.register("to")} />
        <Button type="submit" className="self-end">
          Show
        </Button>
      </form>
      {usage.isPending ? (
        <p>Loading usage…</p>
      ) : usage.isError ? (
        <Message tone="error">Could not load usage: {usage.error.message}</Message>
      ) : usage.data.length === 0 ? (
        <Message tone="muted">
          No API requests from {range.from} to {range.to}.
        </Message>
      ) : (
        <UsageTable range={range} accounts={byAccount(usage.data)} />
      )}
    </>
  );
}

function UsageTable({ range, accounts }: { range: TUsageRange; accounts: AccountUsage[] }) {
  const days = daysOf(range);
  const busiest = Math.max(...accounts.map((account) => account.total));
  return (
    // Scrolls sideways for long ranges; focusable so keyboard users can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1).
    <section aria-label="API usage table" tabIndex={0} style={{ overflowX: "auto" }}>
      <Table>
        <caption>
          API requests per account and day (UTC), {range.from} to {range.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Total</th>
            {days.map((day) => (
              <th scope="col" key={day}>
                <time dateTime={day}>{day.slice(5)}</time>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.key}>
              <th scope="row">{account.name}</th>
              <td>
                {account.total}
                <span
                  aria-hidden="true"
                  style={{
                    display: "block",
                    height: 6,
                    minWidth: 2,
                    width: `${(account.total / busiest) * 100}%`,
                    background: "var(--accent)",
                    borderRadius: 3,
                  }}
                />
              </td>
              {days.map((day) => (
                <td key={day}>{account.byDay.get(day) ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
