import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "New call flow" };

export default async function NewCallFlowPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  const api = await serverApi();
  const [extension, directory] = await Promise.all([
    api.callFlows.nextExtension({ accountId: account.id }),
    resourceDirectory(account),
  ]);
  const startKey = randomUUID();
  return (
    <>
      <h1>New call flow</h1>
      <FlowEditor
        accountId={account.id}
        flowId={null}
        version={null}
        initial={{
          name: "",
          extension: extension ?? account.flowExtensionMin,
          flow: { [startKey]: { module: "start", next: "" } },
        }}
        directory={directory}
        extensionRange={{ min: account.flowExtensionMin, max: account.flowExtensionMax }}
      />
    </>
  );
}
