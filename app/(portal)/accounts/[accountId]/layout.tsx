import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { brandMetadata } from "@/components/branding/brand-metadata";
import { BrandStyle } from "@/components/branding/brand-style";
import { shellBrandOf } from "@/components/branding/shell-brand";
import { ActingAccountName } from "@/components/shell/acting-account";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { brandForPath } from "@/server/services/branding/branding";

export async function generateMetadata({ params }: { params: Promise<{ accountId: string }> }): Promise<Metadata> {
  const { accountId } = await params;
  const { account } = await requireActingAccount(accountId);
  return brandMetadata(await brandForPath(account.path));
}

/** Pages of one account. A reseller or admin working on another account sees whom they act for,
 * in that account's brand (what its own users see); the sidebar lists that account's pages. */
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
  const brand = actingForSomeoneElse ? await brandForPath(account.path) : null;
  return (
    <>
      {brand ? (
        <section
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-warning-border bg-warning-soft px-4 py-2.5 text-sm"
          aria-label="Acting for"
          data-testid="acting-banner"
        >
          <BrandStyle colors={brand} />
          <ActingAccountName id={account.id} name={account.name} kind={account.kind} brand={shellBrandOf(brand)} />
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
