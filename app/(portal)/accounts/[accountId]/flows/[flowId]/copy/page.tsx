import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApplyWizard } from "@/components/templates/apply-wizard";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Copy a call flow to other customers" };

/** "Copy this flow to another customer": the template apply wizard, with the flow as its template. */
export default async function CopyCallFlowPage({ params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  const { accountId, flowId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  if (actor.role === "customer") notFound();
  return <ApplyWizard source={{ kind: "flow", accountId: account.id, flowId }} />;
}
