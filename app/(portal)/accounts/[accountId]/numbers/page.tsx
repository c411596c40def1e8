import type { Metadata } from "next";
import { NumberSections } from "@/components/resources/account-sections";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Numbers" };

export default async function NumbersPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { actor, account } = await requireActingAccount((await params).accountId);
  const inventory = account.kind !== "customer";
  return (
    <>
      <PageHeader
        title={`Numbers of ${account.name}`}
        description={
          inventory
            ? "Number inventory: numbers wait here unassigned until you assign them to a customer."
            : "Phone numbers, and the call flow each one routes to."
        }
      />
      <NumberSections accountId={account.id} accountIsCustomer={!inventory} manageNumbers={actor.role !== "customer"} />
    </>
  );
}
