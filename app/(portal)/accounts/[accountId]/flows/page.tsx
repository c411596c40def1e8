import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CallFlowList } from "@/components/call-flows/call-flow-list";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Call flows" };

export default async function CallFlowsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader title={`Call flows of ${account.name}`} />
      <CallFlowList accountId={account.id} />
    </>
  );
}
