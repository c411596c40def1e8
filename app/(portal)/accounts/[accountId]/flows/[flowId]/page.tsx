import type { Metadata } from "next";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { documentOfStored } from "@/components/flow-editor/flow-document";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { orNotFound, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Call flow" };

export default async function CallFlowPage({ params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  const { accountId, flowId } = await params;
  const { account } = await requireActingAccount(accountId);
  const flow = await orNotFound((await serverApi()).callFlows.get({ accountId: account.id, id: flowId }));
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
      />
    </>
  );
}
