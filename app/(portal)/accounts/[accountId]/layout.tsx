import Link from "next/link";
import type { ReactNode } from "react";
import { ActingAccountName } from "@/components/shell/acting-account";
import { requireActingAccount } from "@/server/auth/acting-account-page";

/** Pages of one account. A reseller or admin working on another account sees whom they act for;
 * the sidebar lists that account's pages. */
export default async function AccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  const actingForSomeoneElse = account.id !== actor.accountId;
  return (
    <>
      {actingForSomeoneElse ? (
        <section
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-warning-border bg-warning-soft px-4 py-2.5 text-sm"
          aria-label="Acting for"
          data-testid="acting-banner"
        >
          <ActingAccountName id={account.id} name={account.name} />
          <span>
            Acting for <strong>{account.name}</strong>
          </span>
          <Link href={actor.role === "admin" ? "/admin/resellers" : `/customers/${account.id}`}>Leave</Link>
        </section>
      ) : null}
      {children}
    </>
  );
}
