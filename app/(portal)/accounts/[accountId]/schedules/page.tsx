import type { Metadata } from "next";
import { ScheduleSection } from "@/components/schedules/schedule-section";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader title={`Schedules of ${account.name}`} />
      <ScheduleSection accountId={account.id} />
    </>
  );
}
