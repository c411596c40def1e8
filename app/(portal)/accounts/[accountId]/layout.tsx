import Link from "next/link";
import type { ReactNode } from "react";
import { requireActingAccount } from "@/server/auth/acting-account-page";

/** Pages of one account. A reseller or admin working on a customer sees whom they act for. */
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
        <section className="acting-banner" aria-label="Acting for" data-testid="acting-banner">
          <span>
            Acting for <strong>{account.name}</strong>
          </span>
          <Link href={actor.role === "admin" ? "/admin/resellers" : `/customers/${account.id}`}>Leave</Link>
        </section>
      ) : null}
      <nav aria-label="Account" className="subnav">
        <Link href={`/accounts/${account.id}/flows`}>Call flows</Link>
        <Link href={`/accounts/${account.id}/resources`}>Resources</Link>
        <Link href={`/accounts/${account.id}/users`}>Users</Link>
        <Link href={`/accounts/${account.id}/webhooks`}>Webhooks</Link>
      </nav>
      {children}
    </>
  );
}
