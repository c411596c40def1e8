import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { WebhookList } from "@/components/webhooks/webhook-list";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { db } from "@/server/db";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requireActingAccount(accountId);
  const { kind } = await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { kind: true } });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Tell your systems when {account.name}&apos;s call flows, numbers and schedules change: each change is POSTed to your
            URL as <code>{"{type, timestamp, data}"}</code>, signed per Standard Webhooks (<code>webhook-id</code>,{" "}
            <code>webhook-timestamp</code>, <code>webhook-signature</code>), and retried for 24 hours until your receiver answers
            2xx.
          </>
        }
      />
      <Card aria-labelledby="new-webhook-heading">
        <h2 id="new-webhook-heading">New webhook</h2>
        <CreateWebhookForm accountId={account.id} canCoverSubtree={kind !== "customer"} />
      </Card>
      <WebhookList accountId={account.id} />
    </>
  );
}
