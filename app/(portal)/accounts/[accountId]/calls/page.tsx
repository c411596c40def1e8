import type { Metadata } from "next";
import { CallList } from "@/components/calls/call-list";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Calls" };

export default async function CallsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requireActingAccount(accountId);
  return (
    <>
      <PageHeader
        title="Calls"
        description={<>What callers did in {account.name}&apos;s call flows, as the switch reported each call, newest first.</>}
      />
      <CallList accountId={account.id} />
    </>
  );
}
