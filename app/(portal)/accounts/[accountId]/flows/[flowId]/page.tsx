import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { EditorSkeleton } from "@/components/flow-editor/editor-skeleton";
import { type Tab, tabOfView } from "@/components/flow-editor/editor-views";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import type { FlowDocument } from "@/components/flow-editor/flow-document";
import { withEveryModulePlaced } from "@/components/flow-editor/layout-positions";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { orNotFound, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Call flow" };

type Account = Awaited<ReturnType<typeof requireActingAccount>>["account"];

export default async function CallFlowPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; flowId: string }>;
  searchParams: Promise<{ view?: string | string[] }>;
}) {
  const { accountId, flowId } = await params;
  const { view } = await searchParams;
  const { actor, account } = await requireActingAccount(accountId);
  // The editor opens the draft when there is one (draft-only flows too), else live. Read before
  // anything is sent, so another tenant's flow is a 404, never a page that streams into one.
  const api = await serverApi();
  const state = await orNotFound(api.callFlowDrafts.state({ accountId: account.id, id: flowId }));
  const document = (state.draft?.document ?? state.live) as FlowDocument;
  return (
    <>
      <h1>{document.name}</h1>
      {actor.role === "customer" || !state.published ? null : (
        <p>
          <Link href={`/accounts/${account.id}/flows/${state.flowId}/copy`}>Copy this flow to another customer</Link>
        </p>
      )}
      {/* The account's resources and the drawing load after the title: the editor's shape shows meanwhile. */}
      <Suspense fallback={<EditorSkeleton />}>
        <LoadedEditor
          account={account}
          flowId={state.flowId}
          version={state.liveVersion}
          document={document}
          initialTab={tabOfView(typeof view === "string" ? view : undefined)}
        />
      </Suspense>
    </>
  );
}

async function LoadedEditor({
  account,
  flowId,
  version,
  document,
  initialTab,
}: {
  account: Account;
  flowId: string;
  version: number;
  document: FlowDocument;
  initialTab: Tab | undefined;
}) {
  const api = await serverApi();
  const [saved, directory] = await Promise.all([
    api.callFlowLayouts.get({ accountId: account.id, id: flowId }),
    resourceDirectory(account),
  ]);
  // Modules with no saved place are placed here, once, rather than by the browser on every open:
  // laying out a few hundred modules takes the browser a good part of a second.
  const positions = withEveryModulePlaced(document.flow, saved ?? {});
  return (
    <FlowEditor
      accountId={account.id}
      flowId={flowId}
      version={version}
      initial={document}
      directory={directory}
      extensionRange={{ min: account.flowExtensionMin, max: account.flowExtensionMax }}
      initialPositions={positions}
      initialTab={initialTab}
    />
  );
}
