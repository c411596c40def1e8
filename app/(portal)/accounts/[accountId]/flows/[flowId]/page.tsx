import type { Metadata } from "next";
import Link from "next/link";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import type { FlowDocument } from "@/components/flow-editor/flow-document";
import { withEveryModulePlaced } from "@/components/flow-editor/layout-positions";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { orNotFound, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Call flow" };

export default async function CallFlowPage({ params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  const { accountId, flowId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  // The editor opens the draft when there is one (draft-only flows too), else live.
  const api = await serverApi();
  const state = await orNotFound(api.callFlowDrafts.state({ accountId: account.id, id: flowId }));
  const document = (state.draft?.document ?? state.live) as FlowDocument;
  // Modules with no saved place are placed here, once, rather than by the browser on every open:
  // laying out a few hundred modules takes the browser a good part of a second.
  const saved = await api.callFlowLayouts.get({ accountId: account.id, id: state.flowId });
  const positions = withEveryModulePlaced(document.flow, saved ?? {});
  return (
    <>
      <h1>{document.name}</h1>
      {actor.role === "customer" || !state.published ? null : (
        <p>
          <Link href={`/accounts/${account.id}/flows/${state.flowId}/copy`}>Copy this flow to another customer</Link>
        </p>
      )}
      <FlowEditor
        accountId={account.id}
        flowId={state.flowId}
        version={state.liveVersion}
        initial={document}
        directory={await resourceDirectory(account)}
        extensionRange={{ min: account.flowExtensionMin, max: account.flowExtensionMax }}
        initialPositions={positions}
      />
    </>
  );
}
