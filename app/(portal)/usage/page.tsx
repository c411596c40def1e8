import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { notFound } from "next/navigation";
import { UsageReport } from "@/components/usage/usage-report";
import { requireActor } from "@/server/auth/require";
import { recentDays } from "@/server/services/usage/schemas";

export const metadata: Metadata = { title: "API usage" };

const DEFAULT_DAYS = 14;

export default async function UsagePage() {
  const actor = await requireActor();
  if (actor.role === "customer") notFound();
  return (
    <>
      <PageHeader
        title="API usage"
        description={
          <>
            REST API commands per day, for {actor.role === "admin" ? "every account" : "your account and your customers"}. Every
            command counts, failed ones included.
          </>
        }
      />
      <UsageReport initialRange={recentDays(DEFAULT_DAYS)} />
    </>
  );
}
