import type { Metadata } from "next";
import Link from "next/link";
import { CallTimeline } from "@/components/calls/call-timeline";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Call" };

export default async function CallPage({ params }: { params: Promise<{ accountId: string; callId: string }> }) {
  const { accountId, callId } = await params;
  const { account } = await requireActingAccount(accountId);
  const id = decodeURIComponent(callId);
  return (
    <>
      <PageHeader
        title="Call"
        description={
          <>
            The switch&apos;s call {id}, step by step.{" "}
            <Link className="text-accent underline" href={`/accounts/${account.id}/calls`}>
              All calls
            </Link>
          </>
        }
      />
      <CallTimeline accountId={account.id} callId={id} />
    </>
  );
}
