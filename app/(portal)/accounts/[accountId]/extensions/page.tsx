import type { Metadata } from "next";
import { ExtensionSections } from "@/components/resources/account-sections";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Extensions" };

export default async function ExtensionsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader
        title={`Extensions of ${account.name}`}
        description="Who a call can ring: SIP users, hunt groups, voicemail boxes and trunks."
      />
      <ExtensionSections accountId={account.id} />
    </>
  );
}
