import type { Metadata } from "next";
import Link from "next/link";
import { CallView } from "@/components/calls/call-view";
import { withEveryModulePlaced } from "@/components/flow-editor/layout-positions";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { resourceDirectory } from "@/server/services/call-flows/simulation";
import { orNotFound, orNull, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Call" };

export default async function CallPage({ params }: { params: Promise<{ accountId: string; callId: string }> }) {
  const { accountId, callId } = await params;
  const { account } = await requireActingAccount(accountId);
  const id = decodeURIComponent(callId);
  const api = await serverApi();
  // Read before anything is sent: another tenant's call is a 404, never a page that streams into one.
  const { call, flow } = await orNotFound(api.calls.get({ accountId: account.id, callId: id }));
  const [saved, directory] = await Promise.all([
    // The flow may have been deleted since the call: its modules are then placed afresh.
    orNull(api.callFlowLayouts.get({ accountId: call.accountId, id: call.flowId })),
    resourceDirectory(account),
  ]);
  return (
    <>
      <PageHeader
        title="Call"
        description={
          <>
            The switch&apos;s call {id}, step by step.{" "}
            <Link className="text-accent underline" href={`/accounts/${account.id}/calls`}>
              All calls
            </Link>
          </>
        }
      />
      <CallView call={call} flow={flow} positions={flow ? withEveryModulePlaced(flow, saved ?? {}) : {}} directory={directory} />
    </>
  );
}
