import type { Metadata } from "next";
import { SoundSections } from "@/components/resources/account-sections";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Sounds" };

export default async function SoundsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader
        title={`Sounds of ${account.name}`}
        description="Greetings, prompts and music callers hear, and playlists of them."
      />
      <SoundSections accountId={account.id} />
    </>
  );
}
