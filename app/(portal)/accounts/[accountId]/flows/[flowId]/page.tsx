import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { documentOfStored, type FlowDocument } from "@/components/flow-editor/flow-document";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { AppError } from "@/server/errors";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { getDraftState } from "@/server/services/call-flows/drafts";

export const metadata: Metadata = { title: "Call flow" };

export default async function CallFlowPage({ params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  const { accountId, flowId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  // The editor opens the draft when there is one (draft-only flows too), else live.
  const { flow, draft } = await getDraftState({ principal: actor, ip: "", userAgent: "" }, account.id, flowId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <h1>{flow.name}</h1>
      {actor.role === "customer" || !flow.published ? null : (
        <p>
          <Link href={`/accounts/${account.id}/flows/${flow.id}/copy`}>Copy this flow to another customer</Link>
        </p>
      )}
      <FlowEditor
        accountId={account.id}
        flowId={flow.id}
        version={flow.version}
        initial={draft ? (draft.document as FlowDocument) : documentOfStored(flow)}
        directory={await resourceDirectory(account.id)}
        extensionRange={{ min: account.flowExtensionMin, max: account.flowExtensionMax }}
      />
    </>
  );
}
