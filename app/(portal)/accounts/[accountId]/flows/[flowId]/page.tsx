import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { documentOfStored } from "@/components/flow-editor/flow-document";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { AppError } from "@/server/errors";
import { getCallFlowLayout } from "@/server/services/call-flows/layout";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { getCallFlow } from "@/server/services/call-flows/store";

export const metadata: Metadata = { title: "Call flow" };

export default async function CallFlowPage({ params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  const { accountId, flowId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  const ctx = { principal: actor, ip: "", userAgent: "" };
  const flow = await getCallFlow(ctx, account.id, flowId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <h1>{flow.name}</h1>
      <FlowEditor
        accountId={account.id}
        flowId={flow.id}
        version={flow.version}
        initial={documentOfStored(flow)}
        directory={await resourceDirectory(account.id)}
        extensionRange={{ min: account.flowExtensionMin, max: account.flowExtensionMax }}
        initialPositions={await getCallFlowLayout(ctx, account.id, flow.id)}
      />
    </>
  );
}
