import type { Metadata } from "next";
import { AccountResources } from "@/components/resources/account-resources";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { actor, account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <h1>Resources of {account.name}</h1>
      <AccountResources
        accountId={account.id}
        accountIsCustomer={account.kind === "customer"}
        manageNumbers={actor.role !== "customer"}
      />
    </>
  );
}
