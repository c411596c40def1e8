import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BrandingEditor } from "@/components/branding/branding-editor";
import { CustomDomains } from "@/components/branding/custom-domains";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Branding" };

/** A reseller's brand and custom domains; accounts that hold no brand (customers, the platform) have no such page. */
export default async function BrandingPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  if (account.kind !== "reseller") notFound();
  return (
    <>
      <PageHeader
        title="Branding"
        description={`What ${account.name}'s customers see once signed in, on its sign-in page and in its mails: your product's name, logo and colours instead of the portal's.`}
      />
      <BrandingEditor accountId={account.id} />
      <CustomDomains accountId={account.id} canApprove={actor.role === "admin"} />
    </>
  );
}
