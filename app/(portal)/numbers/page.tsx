import type { Metadata } from "next";
import { NumberInventory } from "@/components/numbers/number-inventory";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Numbers" };

/** The staff's number inventory: every number in their tree. Customers get the 404 of a missing page. */
export default async function NumberInventoryPage({ searchParams }: { searchParams: Promise<{ holder?: string | string[] }> }) {
  const actor = await requireStaff();
  const { account: own } = await requireActingAccount(actor.accountId);
  const { holder: holderId } = await searchParams;
  // A holder out of reach is the same 404 as a page that does not exist; the staff's own account holds the stock.
  const holder = typeof holderId === "string" ? (await requireActingAccount(holderId)).account : null;
  return (
    <>
      <PageHeader
        title="Numbers"
        description={
          actor.role === "admin"
            ? "Every number on the platform: the stock and each account's, assigned and released here."
            : "Every number of yours and your customers': your stock, and the numbers each customer holds."
        }
      />
      <NumberInventory
        ownAccount={{ id: own.id, country: own.country }}
        initialHolder={holder === null ? null : holder.id === own.id ? "unassigned" : { id: holder.id, label: holder.name }}
      />
    </>
  );
}
