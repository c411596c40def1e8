import type { Metadata } from "next";
import { AccountHome } from "@/components/home/account-home";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Home" };

/** An account's home: what callers reach now, and what changed lately. */
export default async function AccountHomePage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader
        title={`Home of ${account.name}`}
        description="What is live now: who answers each number, which schedules are open, and the latest changes."
      />
      <AccountHome accountId={account.id} />
    </>
  );
}
