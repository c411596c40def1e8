import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CallOverview } from "@/components/calls/call-overview";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/server/auth/require";

export const metadata: Metadata = { title: "Call overview" };

export default async function CallOverviewPage() {
  const actor = await requireActor();
  if (actor.role !== "reseller") notFound();
  return (
    <>
      <PageHeader
        title="Call overview"
        description="Your customers' calls over the last 30 days, and the flows where callers give up."
      />
      <CallOverview accountId={actor.accountId} />
    </>
  );
}
